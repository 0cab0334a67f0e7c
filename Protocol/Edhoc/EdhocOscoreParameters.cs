namespace Eals.Protocol.Edhoc;

/// <summary>
/// An OSCORE Security Context's input parameters derived from EDHOC (RFC 9528 appendix A.1). Each
/// side's Sender ID is the connection identifier the other side chose: the Initiator sends with C_R,
/// the Responder with C_I (raw bytes, as the OSCORE 'kid').
/// </summary>
public sealed record EdhocOscoreParameters(byte[] MasterSecret, byte[] MasterSalt, byte[] SenderId, byte[] RecipientId, int AeadAlgorithm, int HkdfAlgorithm)
{
    public const int MasterSecretLength = 16;
    public const int MasterSaltLength = 8;

    /// <summary>Never shows the master secret.</summary>
    public override string ToString() =>
        $"EdhocOscoreParameters(sender {Convert.ToHexStringLower(SenderId)}, recipient {Convert.ToHexStringLower(RecipientId)}, aead {AeadAlgorithm}, hkdf {HkdfAlgorithm})";
}
