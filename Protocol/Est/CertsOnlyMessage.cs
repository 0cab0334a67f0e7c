using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Est;

/// <summary>
/// The certs-only CMS message (RFC 8551 section 3.2.2; RFC 7030 section 4.1.3; content format 281): a
/// degenerate SignedData (RFC 5652 section 5) with no signers that only carries certificates.
/// <code>
/// ContentInfo ::= SEQUENCE {
///   contentType  id-signedData,
///   content      [0] EXPLICIT SignedData }
/// SignedData ::= SEQUENCE {
///   version           CMSVersion,                 -- 1: only plain certificates, id-data content
///   digestAlgorithms  SET OF AlgorithmIdentifier, -- empty
///   encapContentInfo  SEQUENCE { eContentType id-data },  -- no eContent
///   certificates      [0] IMPLICIT CertificateSet,
///   crls              [1] IMPLICIT RevocationInfoChoices OPTIONAL,
///   signerInfos       SET OF SignerInfo }         -- empty
/// </code>
/// </summary>
public static class CertsOnlyMessage
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2"; // RFC 5652 section 5.1
    private const string DataOid = "1.2.840.113549.1.7.1";       // RFC 5652 section 4

    private static readonly Asn1Tag ExplicitContent = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CertificatesTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag CrlsTag = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>Encodes the certificates as DER; DER sorts the SET, so readers must not rely on their order.</summary>
    public static byte[] Build(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedDataOid);
            using (writer.PushSequence(ExplicitContent))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DataOid);
                }

                using (writer.PushSetOf(CertificatesTag))
                {
                    foreach (var certificate in certificates)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                {
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>
    /// Reads a certs-only message (BER accepted, as other EST servers may send it) and returns its
    /// certificates in encoded order. The caller owns (disposes) them.
    /// </summary>
    public static IReadOnlyList<X509Certificate2> Parse(ReadOnlyMemory<byte> message)
    {
        List<ReadOnlyMemory<byte>> encoded;
        try
        {
            encoded = ReadCertificates(message);
        }
        catch (AsnContentException e)
        {
            throw new EstFormatException(EstFormatError.Malformed, "Not a well-formed CMS ContentInfo.", e);
        }

        var certificates = new List<X509Certificate2>(encoded.Count);
        try
        {
            foreach (var der in encoded)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(der.Span));
            }
        }
        catch (CryptographicException e)
        {
            certificates.ForEach(c => c.Dispose());
            throw new EstFormatException(EstFormatError.BadCertificate, "A certificate in the message does not parse.", e);
        }

        return certificates;
    }

    private static List<ReadOnlyMemory<byte>> ReadCertificates(ReadOnlyMemory<byte> message)
    {
        var reader = new AsnReader(message, AsnEncodingRules.BER);
        var contentInfo = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != SignedDataOid)
        {
            throw new EstFormatException(EstFormatError.NotSignedData, "The ContentInfo does not hold SignedData.");
        }

        var explicitContent = contentInfo.ReadSequence(ExplicitContent);
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        if (!signedData.TryReadInt32(out int version) || version is < 1 or > 5)
        {
            throw new EstFormatException(EstFormatError.Malformed, "Unknown SignedData version.");
        }

        signedData.ReadSetOf(); // digestAlgorithms: meaningless without signers
        var encapsulated = signedData.ReadSequence();
        encapsulated.ReadObjectIdentifier();
        if (encapsulated.HasData)
        {
            throw new EstFormatException(EstFormatError.NotCertsOnly, "The SignedData encapsulates content.");
        }

        var certificates = new List<ReadOnlyMemory<byte>>();
        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CertificatesTag))
        {
            var set = signedData.ReadSetOf(CertificatesTag);
            while (set.HasData)
            {
                if (!set.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    throw new EstFormatException(EstFormatError.UnsupportedCertificateChoice, "The CertificateSet holds something other than an X.509 certificate.");
                }

                certificates.Add(set.ReadEncodedValue());
            }
        }

        if (signedData.HasData && signedData.PeekTag().HasSameClassAndValue(CrlsTag))
        {
            signedData.ReadEncodedValue(); // revocation information is not used by a pledge
        }

        var signers = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        if (signers.HasData)
        {
            throw new EstFormatException(EstFormatError.NotCertsOnly, "The SignedData has signers.");
        }

        return certificates;
    }
}
