using System.Security.Cryptography;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// Who signs a COSE_Sign1: exactly one of a P-256 <paramref name="EcdsaKey"/> (ES256) or a 32-byte Ed25519
/// private key seed (EdDSA). <paramref name="X5Chain"/> (DER, signer first, may be empty) goes into the
/// x5chain header (RFC 9360 section 2, label 33); <paramref name="Kid"/> into kid (label 4).
/// </summary>
public sealed record CoseSigner(ECDsa? EcdsaKey, byte[]? Ed25519PrivateKey, IReadOnlyList<byte[]> X5Chain, byte[]? Kid = null)
{
    /// <summary>Never shows key material.</summary>
    public override string ToString() =>
        $"CoseSigner({(EcdsaKey is not null ? "ES256" : "EdDSA")}, {X5Chain?.Count ?? 0} certificates)";
}
