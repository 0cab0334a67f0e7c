namespace Eals.Masa.Ace;

/// <summary>
/// What the AS keeps secret per token: the key it shares with the pledge (encrypts the Client Token) and the
/// OSCORE master secret and salt it hands to the audience at introspection. Never logged; stored only sealed.
/// </summary>
public sealed record AceTokenSecrets(byte[] ClientKey, byte[] MasterSecret, byte[] Salt)
{
    public const int ClientKeyLength = 16;
    public const int MasterSecretLength = 16;
    public const int SaltLength = 8;

    public byte[] ToBytes() => [.. ClientKey, .. MasterSecret, .. Salt];

    public static AceTokenSecrets? FromBytes(byte[] bytes) => bytes.Length == ClientKeyLength + MasterSecretLength + SaltLength
        ? new AceTokenSecrets(bytes[..ClientKeyLength], bytes[ClientKeyLength..(ClientKeyLength + MasterSecretLength)], bytes[(ClientKeyLength + MasterSecretLength)..])
        : null;

    public override string ToString() => "AceTokenSecrets { (secret) }";
}
