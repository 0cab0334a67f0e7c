using System.Formats.Cbor;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// EDHOC_KDF, the transcript hashes and HKDF-Extract (RFC 9528 section 4), reporting each value to the
/// optional trace observer.
/// </summary>
internal sealed class EdhocKeySchedule(ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
{
    public ICipherSuiteCrypto Crypto { get; } = crypto;

    public IEdhocTraceObserver? Observer { get; } = observer;

    /// <summary>
    /// RFC 9528 section 4.1.2:
    /// <code>
    /// EDHOC_KDF(PRK, info_label, context, length) = EDHOC_Expand(PRK, info, length)
    /// info = ( info_label : int, context : bstr, length : uint )
    /// </code>
    /// </summary>
    public byte[] Kdf(ReadOnlySpan<byte> prk, int label, ReadOnlySpan<byte> context, int length, string? name = null)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical, allowMultipleRootLevelValues: true);
        writer.WriteInt32(label);
        writer.WriteByteString(context);
        writer.WriteInt32(length);
        byte[] info = writer.Encode();
        byte[] output = Crypto.HkdfExpand(prk, info, length);
        if (name is not null)
        {
            Record($"info_{name}", info);
            Record(name, output);
        }
        return output;
    }

    /// <summary>HKDF-Extract(salt, IKM) (RFC 9528 section 4.1.1).</summary>
    public byte[] Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> inputKeyMaterial, string name)
    {
        byte[] prk = Crypto.HkdfExtract(salt, inputKeyMaterial);
        Record(name, prk);
        return prk;
    }

    /// <summary>TH_n = H(input) over a CBOR sequence.</summary>
    public byte[] TranscriptHash(ReadOnlySpan<byte> input, string name)
    {
        byte[] hash = Crypto.Hash(input);
        Record($"{name}_input", input);
        Record(name, hash);
        return hash;
    }

    /// <summary>The ECDH shared secret, or the failure RFC 9528 section 9.2 requires.</summary>
    public byte[] SharedSecret(KeyAgreementCurve curve, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, string name)
    {
        if (!Crypto.TryDeriveSharedSecret(curve, privateKey, publicKey, out byte[] secret))
        {
            throw EdhocProtocolException.Of(EdhocFailureKind.InvalidSharedSecret, $"{name}: Diffie-Hellman rejected the public key");
        }
        Record(name, secret);
        return secret;
    }

    public void Record(string name, ReadOnlySpan<byte> value) => Observer?.Record(name, value);

    /// <summary>XOR of equal-length spans (PLAINTEXT_2 with KEYSTREAM_2).</summary>
    public static byte[] Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        byte[] result = new byte[a.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
        return result;
    }
}
