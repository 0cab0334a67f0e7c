using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Eals.Protocol.Ace;

/// <summary>
/// Encryption of the introspection response to the registrar's P-256 key: ECDH-ES with an ephemeral P-256 key
/// (carried as a COSE_Key in the COSE_Encrypt0's unprotected header, label -1), then HKDF-SHA-256 over the shared
/// secret with the COSE_KDF_Context of RFC 9053 section 5.2 (AlgorithmID 10, empty PartyU/PartyV, keyDataLength
/// 128, the protected header), as ECDH-ES + HKDF-256 does. Keys come from the caller (no RNG here).
/// </summary>
public static class AceKeyAgreement
{
    public static byte[] SealTo(ReadOnlySpan<byte> plaintext, ECDiffieHellmanPublicKey recipient, ECDiffieHellman ephemeral, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(ephemeral);
        byte[] key = DeriveKey(ephemeral, recipient);
        return CoseEncrypt0.Encrypt(key, iv, plaintext, ephemeralKey: ephemeral.ExportParameters(false).Q);
    }

    public static byte[] Open(ReadOnlyMemory<byte> sealedMessage, ECDiffieHellman recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var message = CoseEncrypt0.Parse(sealedMessage);
        if (message.EphemeralX is null || message.EphemeralY is null)
        {
            throw new AceFormatException("the sealed message carries no ephemeral key");
        }
        ECDiffieHellman sender;
        try
        {
            sender = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = message.EphemeralX, Y = message.EphemeralY } });
        }
        catch (CryptographicException exception)
        {
            throw new AceFormatException("the ephemeral key is not a P-256 point", exception);
        }
        using (sender)
        {
            return CoseEncrypt0.Decrypt(message, DeriveKey(recipient, sender.PublicKey));
        }
    }

    public static byte[] DeriveKey(ECDiffieHellman own, ECDiffieHellmanPublicKey peer)
    {
        ArgumentNullException.ThrowIfNull(own);
        byte[] shared = own.DeriveRawSecretAgreement(peer);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, CoseEncrypt0.KeyLength, [], KdfContext());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>COSE_KDF_Context = [10, [nil, nil, nil], [nil, nil, nil], [128, h'A1010A']].</summary>
    public static byte[] KdfContext()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteInt32(CoseEncrypt0.Algorithm);
        for (int party = 0; party < 2; party++)
        {
            writer.WriteStartArray(3);
            writer.WriteNull();
            writer.WriteNull();
            writer.WriteNull();
            writer.WriteEndArray();
        }
        writer.WriteStartArray(2);
        writer.WriteInt32(CoseEncrypt0.KeyLength * 8);
        writer.WriteByteString(CoseEncrypt0.ProtectedHeader);
        writer.WriteEndArray();
        writer.WriteEndArray();
        return writer.Encode();
    }

    internal static void WriteCoseKey(CborWriter writer, ECPoint point)
    {
        writer.WriteStartMap(4);
        writer.WriteInt32(1);
        writer.WriteInt32(2); // kty EC2
        writer.WriteInt32(-1);
        writer.WriteInt32(1); // crv P-256
        writer.WriteInt32(-2);
        writer.WriteByteString(point.X ?? throw new ArgumentException("no X coordinate", nameof(point)));
        writer.WriteInt32(-3);
        writer.WriteByteString(point.Y ?? throw new ArgumentException("no Y coordinate", nameof(point)));
        writer.WriteEndMap();
    }

    internal static (byte[] X, byte[] Y) ReadCoseKey(AceMap key)
    {
        const string What = "the ephemeral COSE_Key";
        var x = key.Bytes(-2, What);
        var y = key.Bytes(-3, What);
        return x.Length == 32 && y.Length == 32 ? (x, y) : throw new AceFormatException($"{What} is not a P-256 point");
    }
}
