using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Cose;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Vouchers;

/// <summary>
/// COSE_Sign1 (RFC 9052 section 4.2) as the constrained voucher draft uses it for vouchers and voucher
/// requests (application/voucher-cose+cbor): written tagged (18) with alg (-7 ES256 or -8 EdDSA, RFC 9053
/// sections 2.1 and 2.2) and an optional content type in the protected header, kid and x5chain (RFC 9360) in
/// the unprotected header, no external AAD. Signatures cover
/// <c>Sig_structure = ["Signature1", protected, h'', payload]</c> (section 4.4). Read strictly, see
/// <see cref="CoseSign1Parser"/>.
/// </summary>
public static class CoseSign1
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    // Certificate bytes -> the key they carry (a parse, not a trust decision); bounded.
    private static readonly Eals.Protocol.Pki.BoundedCache<SignatureKey> CertificateKeys = new(4096);

    public static byte[] Sign(ReadOnlySpan<byte> payload, CoseSigner signer, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(signer.X5Chain);
        var algorithm = (signer.EcdsaKey, signer.Ed25519PrivateKey) switch
        {
            ({ } ecdsa, null) when ecdsa.KeySize == 256 => SignatureAlgorithm.Es256,
            (null, { Length: 32 }) => SignatureAlgorithm.EdDsa,
            _ => throw new ArgumentException("A signer has either a P-256 ECDsa key or a 32-byte Ed25519 private key.", nameof(signer)),
        };

        byte[] protectedHeader = EncodeProtected(algorithm, contentType);
        byte[] toBeSigned = CoseStructures.Signature1(protectedHeader, [], payload);
        byte[] signature = algorithm == SignatureAlgorithm.Es256
            ? signer.EcdsaKey!.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : Crypto.Sign(SignatureAlgorithm.EdDsa, signer.Ed25519PrivateKey, toBeSigned);

        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteTag((CborTag)CoseSign1Parser.Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        WriteUnprotected(writer, signer);
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>Parses without verifying, so the caller can pick the key or anchor; never trust what it returns.</summary>
    public static SignedObject ReadUnverified(ReadOnlySpan<byte> coseSign1) => CoseSign1Parser.Parse(coseSign1).Content;

    /// <summary>Verifies with <paramref name="signerKey"/> (P-256 or Ed25519); the key type must match the alg.</summary>
    public static SignedObject Verify(ReadOnlySpan<byte> coseSign1, PublicKey signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        var message = CoseSign1Parser.Parse(coseSign1);
        VerifySignature(message, SignatureKey.From(signerKey));
        return message.Content;
    }

    /// <summary>
    /// Verifies with the key of the certificate <paramref name="signerCertificateDer"/> (DER), which the caller has
    /// already decided to trust (an IDevID checked by the registrar): the same as <see cref="Verify(ReadOnlySpan{byte}, PublicKey)"/>
    /// with its PublicKey, which is read from the DER without loading the certificate into OpenSSL again.
    /// </summary>
    public static SignedObject Verify(ReadOnlySpan<byte> coseSign1, byte[] signerCertificateDer)
    {
        ArgumentNullException.ThrowIfNull(signerCertificateDer);
        var message = CoseSign1Parser.Parse(coseSign1);
        if (!CertificateKeys.TryGet(signerCertificateDer, out var key))
        {
            try
            {
                var info = Eals.Protocol.Pki.CertificateFields.Read(signerCertificateDer).SubjectPublicKeyInfo;
                key = SignatureKey.From(PublicKey.CreateFromSubjectPublicKeyInfo(info.Span, out _));
            }
            catch (Exception e) when (e is Eals.Protocol.Pki.PkiException or CryptographicException)
            {
                throw new VoucherException(VoucherError.Malformed, "The signer certificate is not a well-formed DER certificate.", e);
            }
            CertificateKeys.Add(signerCertificateDer, key);
        }
        VerifySignature(message, key);
        return message.Content;
    }

    /// <summary>
    /// Verifies with the key of the x5chain's signer certificate, which must chain to
    /// <paramref name="trustAnchor"/> at <paramref name="now"/> (or be it); without x5chain the anchor's own key
    /// must verify the signature.
    /// </summary>
    public static SignedObject VerifyWithAnchor(ReadOnlySpan<byte> coseSign1, X509Certificate2 trustAnchor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trustAnchor);
        var message = CoseSign1Parser.Parse(coseSign1);
        VerifySignature(message, SignerChain.TrustedSignerKey(message.Content.X5Chain, trustAnchor, now));
        return message.Content;
    }

    private static void VerifySignature(CoseSign1Message message, SignatureKey key)
    {
        if ((int)key.Algorithm != message.Content.Algorithm)
        {
            throw new VoucherException(VoucherError.BadSignature, $"The message is signed with COSE algorithm {message.Content.Algorithm}, the key is for {(int)key.Algorithm}.");
        }
        byte[] toBeSigned = CoseStructures.Signature1(message.ProtectedHeader, [], message.Content.Payload);
        if (!key.Verify(Crypto, toBeSigned, message.Signature))
        {
            throw new VoucherException(VoucherError.BadSignature, "The COSE_Sign1 signature does not verify.");
        }
    }

    /// <summary>Deterministic: keys 1 (alg) then 3 (content type) are in bytewise order.</summary>
    private static byte[] EncodeProtected(SignatureAlgorithm algorithm, string? contentType)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(contentType is null ? 1 : 2);
        writer.WriteInt64(CoseHeaderLabels.Algorithm);
        writer.WriteInt32((int)algorithm);
        if (contentType is not null)
        {
            writer.WriteInt64(CoseHeaderLabels.ContentType);
            writer.WriteTextString(contentType);
        }
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>kid (4) before x5chain (33): bytewise order of their encodings. One certificate is a bstr, more an array (RFC 9360 section 2).</summary>
    private static void WriteUnprotected(CborWriter writer, CoseSigner signer)
    {
        int count = (signer.Kid is null ? 0 : 1) + (signer.X5Chain.Count == 0 ? 0 : 1);
        writer.WriteStartMap(count);
        if (signer.Kid is not null)
        {
            writer.WriteInt64(CoseHeaderLabels.KeyId);
            writer.WriteByteString(signer.Kid);
        }
        if (signer.X5Chain.Count == 1)
        {
            writer.WriteInt64(CoseHeaderLabels.X5Chain);
            writer.WriteByteString(signer.X5Chain[0]);
        }
        else if (signer.X5Chain.Count > 1)
        {
            writer.WriteInt64(CoseHeaderLabels.X5Chain);
            writer.WriteStartArray(signer.X5Chain.Count);
            foreach (var der in signer.X5Chain)
            {
                writer.WriteByteString(der);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndMap();
    }
}
