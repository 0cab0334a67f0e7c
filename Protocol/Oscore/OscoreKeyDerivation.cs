using System.Formats.Cbor;
using System.Security.Cryptography;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 3.2.1: each key and the Common IV are
/// <c>HKDF-SHA-256(salt = Master Salt, IKM = Master Secret, info, L)</c> with
/// <code>
/// info = [ id : bstr, id_context : bstr / nil, alg_aead : int / tstr, type : tstr, L : uint ]
/// </code>
/// where id is the Sender ID (Sender Key), the Recipient ID (Recipient Key) or h'' (Common IV).
/// </summary>
public static class OscoreKeyDerivation
{
    public const string KeyType = "Key";
    public const string IvType = "IV";

    public static OscoreKeyMaterial Derive(OscoreContextParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        return new OscoreKeyMaterial(
            Expand(parameters, parameters.SenderId.Span, KeyType, OscoreAlgorithm.KeyLength),
            Expand(parameters, parameters.RecipientId.Span, KeyType, OscoreAlgorithm.KeyLength),
            Expand(parameters, [], IvType, OscoreAlgorithm.NonceLength));
    }

    /// <summary>The CBOR <c>info</c> array; <paramref name="idContext"/> null encodes as nil, empty as h''.</summary>
    public static byte[] BuildInfo(ReadOnlySpan<byte> id, byte[]? idContext, string type, int length)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        writer.WriteStartArray(5);
        writer.WriteByteString(id);
        if (idContext is { } context)
        {
            writer.WriteByteString(context);
        }
        else
        {
            writer.WriteNull();
        }
        writer.WriteInt32(OscoreAlgorithm.AesCcm16_64_128);
        writer.WriteTextString(type);
        writer.WriteInt32(length);
        writer.WriteEndArray();
        return writer.Encode();
    }

    // An absent Master Salt is the empty string; HKDF-Extract with it equals HashLen zero bytes (RFC 5869 2.2).
    private static byte[] Expand(OscoreContextParameters parameters, ReadOnlySpan<byte> id, string type, int length)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, parameters.MasterSecret.Span, output, parameters.MasterSalt ?? [], BuildInfo(id, parameters.IdContext, type, length));
        return output;
    }
}
