namespace Eals.Protocol.Edhoc;

/// <summary>A party's own credential and the private key that goes with it (signature or static DH key).</summary>
public sealed class EdhocIdentity(EdhocCredential credential, byte[] privateKey)
{
    public EdhocCredential Credential { get; } = credential;

    internal byte[] PrivateKey { get; } = privateKey;

    /// <summary>Never shows the private key.</summary>
    public override string ToString() => $"Identity({Credential})";
}
