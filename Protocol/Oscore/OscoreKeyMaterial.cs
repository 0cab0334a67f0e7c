namespace Eals.Protocol.Oscore;

/// <summary>What RFC 8613 section 3.2.1 derives from the input parameters: the two keys and the Common IV.</summary>
public sealed record OscoreKeyMaterial(byte[] SenderKey, byte[] RecipientKey, byte[] CommonIv)
{
    // Keys must never appear in logs.
    public override string ToString() => "OscoreKeyMaterial { (secret) }";
}
