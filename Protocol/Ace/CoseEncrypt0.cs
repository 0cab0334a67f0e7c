using System.Formats.Cbor;
using System.Security.Cryptography;
using Eals.Protocol.Cose;

namespace Eals.Protocol.Ace;

/// <summary>
/// COSE_Encrypt0 (RFC 9052 section 5.2) with AES-CCM-16-64-128 (alg 10, RFC 9053 section 4.2), the AEAD
/// constrained pledges already have for OSCORE: <c>#6.16([ &lt;&lt;{1: 10}&gt;&gt;, {5: iv, ?4: kid, ?-1: ephemeral
/// COSE_Key}, ciphertext ])</c>, external_aad empty. The IV comes from the caller (no RNG here).
/// </summary>
public static class CoseEncrypt0
{
    public const int Tag = 16;
    public const int Algorithm = 10;
    public const int KeyLength = 16;
    public const int IvLength = 13;
    public const int TagLength = 8;

    private const int AlgLabel = 1;
    private const int KidLabel = 4;
    private const int IvLabel = 5;
    private const int EphemeralKeyLabel = -1;

    /// <summary>The protected header <c>{1: 10}</c>.</summary>
    public static byte[] ProtectedHeader { get; } = [0xA1, 0x01, 0x0A];

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, byte[]? kid = null, ECPoint? ephemeralKey = null)
    {
        if (key.Length != KeyLength || iv.Length != IvLength)
        {
            throw new ArgumentException($"AES-CCM-16-64-128 takes a {KeyLength}-byte key and a {IvLength}-byte IV.");
        }
        var ciphertext = new byte[plaintext.Length + TagLength];
        using (var aead = new AesCcm(key))
        {
            aead.Encrypt(iv, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), CoseStructures.Encrypt0(ProtectedHeader, []));
        }
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)Tag);
        writer.WriteStartArray(3);
        writer.WriteByteString(ProtectedHeader);
        writer.WriteStartMap(1 + (kid is null ? 0 : 1) + (ephemeralKey is null ? 0 : 1));
        if (kid is not null)
        {
            writer.WriteInt32(KidLabel);
            writer.WriteByteString(kid);
        }
        writer.WriteInt32(IvLabel);
        writer.WriteByteString(iv);
        if (ephemeralKey is { } point)
        {
            writer.WriteInt32(EphemeralKeyLabel);
            AceKeyAgreement.WriteCoseKey(writer, point);
        }
        writer.WriteEndMap();
        writer.WriteByteString(ciphertext);
        writer.WriteEndArray();
        return writer.Encode();
    }

    public static CoseEncrypt0Message Parse(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Strict);
            if (reader.PeekState() == CborReaderState.Tag && reader.ReadTag() != (CborTag)Tag)
            {
                throw new AceFormatException("the COSE object carries a tag other than 16 (COSE_Encrypt0)");
            }
            if (reader.ReadStartArray() != 3)
            {
                throw new AceFormatException("a COSE_Encrypt0 is an array of three");
            }
            byte[] protectedHeader = reader.ReadByteString();
            if (!protectedHeader.AsSpan().SequenceEqual(ProtectedHeader))
            {
                throw new AceFormatException("the COSE_Encrypt0's protected header is not {1: 10} (AES-CCM-16-64-128)");
            }
            var unprotected = AceMap.Read(reader, "the COSE_Encrypt0's unprotected header");
            byte[] ciphertext = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                throw new AceFormatException("bytes follow the COSE_Encrypt0");
            }
            const string What = "the COSE_Encrypt0's unprotected header";
            byte[] iv = unprotected.Bytes(IvLabel, What);
            if (iv.Length != IvLength || ciphertext.Length < TagLength)
            {
                throw new AceFormatException($"the COSE_Encrypt0 needs a {IvLength}-byte IV and at least a {TagLength}-byte tag");
            }
            var ephemeral = unprotected.OptionalMap(EphemeralKeyLabel, What) is { } key ? AceKeyAgreement.ReadCoseKey(key) : ((byte[], byte[])?)null;
            return new CoseEncrypt0Message(protectedHeader, iv, unprotected.OptionalBytes(KidLabel, What), ephemeral?.Item1, ephemeral?.Item2, ciphertext);
        }
        catch (Exception exception) when (exception is CborContentException or InvalidOperationException)
        {
            throw new AceFormatException("not a well-formed COSE_Encrypt0", exception);
        }
    }

    /// <summary>The plaintext; <see cref="AceFormatException"/> when the tag does not verify under <paramref name="key"/>.</summary>
    public static byte[] Decrypt(CoseEncrypt0Message message, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(message);
        int length = message.Ciphertext.Length - TagLength;
        var plaintext = new byte[length];
        try
        {
            using var aead = new AesCcm(key);
            aead.Decrypt(message.Iv, message.Ciphertext.AsSpan(0, length), message.Ciphertext.AsSpan(length), plaintext, CoseStructures.Encrypt0(message.ProtectedHeader, []));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new AceFormatException("the COSE_Encrypt0 does not decrypt under this key (tampered, or for someone else)", exception);
        }
    }
}
