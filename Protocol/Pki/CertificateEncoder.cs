using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Pki;

/// <summary>
/// Encodes and signs X.509 v3 certificates (RFC 5280 section 4.1) directly. The BCL's
/// CertificateRequest.Create returns an X509Certificate2, and loading one costs several ECDSA signatures'
/// worth of time on OpenSSL 3.0 (its key decoders); the CA and the IDevID minter need only the DER.
/// <code>
/// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }
/// TBSCertificate ::= SEQUENCE {
///   version         [0] EXPLICIT INTEGER v3(2),
///   serialNumber    INTEGER,
///   signature       AlgorithmIdentifier,      -- ecdsa-with-SHA256, parameters absent (RFC 5758 section 3.2)
///   issuer          Name,
///   validity        SEQUENCE { notBefore Time, notAfter Time },
///   subject         Name,
///   subjectPublicKeyInfo,
///   extensions      [3] EXPLICIT SEQUENCE OF Extension }
/// Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
/// </code>
/// </summary>
internal static class CertificateEncoder
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 3, isConstructed: true);

    // RFC 5280 section 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on.
    private static readonly DateTimeOffset GeneralizedTimeFrom = new(2050, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Builds the TBSCertificate, signs it ecdsa-with-SHA256 with <paramref name="issuerKey"/>, returns the certificate DER.</summary>
    public static byte[] Sign(
        ReadOnlySpan<byte> serialNumber,
        X500DistinguishedName issuer,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        X500DistinguishedName subject,
        ReadOnlySpan<byte> subjectPublicKeyInfo,
        IEnumerable<X509Extension> extensions,
        ECDsa issuerKey)
    {
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            using (tbs.PushSequence(VersionTag))
            {
                tbs.WriteInteger(2);
            }

            tbs.WriteInteger(serialNumber);
            WriteSignatureAlgorithm(tbs);
            tbs.WriteEncodedValue(issuer.RawData);
            using (tbs.PushSequence())
            {
                WriteTime(tbs, notBefore);
                WriteTime(tbs, notAfter);
            }

            tbs.WriteEncodedValue(subject.RawData);
            tbs.WriteEncodedValue(subjectPublicKeyInfo);
            using (tbs.PushSequence(ExtensionsTag))
            using (tbs.PushSequence())
            {
                foreach (var extension in extensions)
                {
                    using (tbs.PushSequence())
                    {
                        tbs.WriteObjectIdentifier(extension.Oid!.Value!);
                        if (extension.Critical)
                        {
                            tbs.WriteBoolean(true);
                        }

                        tbs.WriteOctetString(extension.RawData);
                    }
                }
            }
        }

        var toBeSigned = tbs.Encode();
        var signature = issuerKey.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var certificate = new AsnWriter(AsnEncodingRules.DER);
        using (certificate.PushSequence())
        {
            certificate.WriteEncodedValue(toBeSigned);
            WriteSignatureAlgorithm(certificate);
            certificate.WriteBitString(signature);
        }

        return certificate.Encode();
    }

    private static void WriteSignatureAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(PkiOids.EcdsaWithSha256);
        }
    }

    private static void WriteTime(AsnWriter writer, DateTimeOffset time)
    {
        if (time < GeneralizedTimeFrom)
        {
            writer.WriteUtcTime(time);
        }
        else
        {
            writer.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }
    }
}
