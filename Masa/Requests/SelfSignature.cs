using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Masa.Requests;

/// <summary>
/// Verifies the signature of a self-issued certificate with its own key. Chain building does not (a custom trust
/// anchor's signature is never checked), yet the domain CA is what the voucher pins: a corrupted one must not be.
/// RFC 5280 section 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }.
/// </summary>
internal static class SelfSignature
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    private const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    private const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    private const string Sha512WithRsa = "1.2.840.113549.1.1.13";

    /// <summary>True when the signature verifies under the certificate's own key; false when it does not or cannot be checked.</summary>
    public static bool Verifies(X509Certificate2 certificate)
    {
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out int unusedBits);
            if (unusedBits != 0)
            {
                return false;
            }

            return algorithm switch
            {
                EcdsaWithSha256 => VerifyEcdsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA256),
                EcdsaWithSha384 => VerifyEcdsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA384),
                EcdsaWithSha512 => VerifyEcdsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA512),
                Sha256WithRsa => VerifyRsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA256),
                Sha384WithRsa => VerifyRsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA384),
                Sha512WithRsa => VerifyRsa(certificate, tbs.Span, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEcdsa(X509Certificate2 certificate, ReadOnlySpan<byte> tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = certificate.GetECDsaPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool VerifyRsa(X509Certificate2 certificate, ReadOnlySpan<byte> tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
