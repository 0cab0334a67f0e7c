using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Protocol.Cmc;

/// <summary>
/// CMS SignedData (RFC 5652 section 5) as CMC uses it: one signer, identified by issuer and serial number,
/// SHA-256 and ecdsa-with-SHA256 (RFC 5754, RFC 5758), signed attributes contentType, messageDigest and
/// signingTime, the content encapsulated. Pure: the signing time is the caller's.
/// </summary>
public static class CmsSignedMessage
{
    private const AsnEncodingRules Der = AsnEncodingRules.DER;
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    /// <summary>A ContentInfo wrapping SignedData over <paramref name="content"/>, signed with <paramref name="key"/>.</summary>
    public static byte[] Sign(string contentType, ReadOnlySpan<byte> content, X509Certificate2 signer, ECDsa key, IEnumerable<byte[]> otherCertificates, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(key);
        byte[] signedAttributes = SignedAttributes(contentType, SHA256.HashData(content), signingTime);
        byte[] signature = key.SignData(signedAttributes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        // In the SignerInfo the same SET carries the implicit [0] tag (RFC 5652 section 5.4).
        signedAttributes[0] = 0xA0;

        var writer = new AsnWriter(Der);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmcOids.SignedData);
            using (writer.PushSequence(Context0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(3); // eContentType other than id-data
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, CmcOids.Sha256);
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(contentType);
                    using (writer.PushSequence(Context0))
                    {
                        writer.WriteOctetString(content);
                    }
                }
                using (writer.PushSetOf(Context0))
                {
                    writer.WriteEncodedValue(signer.RawData);
                    foreach (byte[] certificate in otherCertificates.Where(c => !c.AsSpan().SequenceEqual(signer.RawData)))
                    {
                        writer.WriteEncodedValue(certificate);
                    }
                }
                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1); // sid is issuerAndSerialNumber
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(signer.IssuerName.RawData);
                        writer.WriteInteger(signer.SerialNumberBytes.Span);
                    }
                    WriteAlgorithm(writer, CmcOids.Sha256);
                    writer.WriteEncodedValue(signedAttributes);
                    WriteAlgorithm(writer, CmcOids.EcdsaWithSha256);
                    writer.WriteOctetString(signature);
                }
            }
        }
        return writer.Encode();
    }

    /// <summary>
    /// Parses a ContentInfo with SignedData and verifies its one signature with the certificate the
    /// signer identifier names (which must be in the message). Trust in that certificate is the caller's.
    /// </summary>
    public static SignedContent Open(ReadOnlyMemory<byte> message, string expectedContentType)
    {
        try
        {
            return OpenUnchecked(message, expectedContentType);
        }
        catch (AsnContentException exception)
        {
            throw new CmcException(CmcError.Malformed, $"not a DER CMS SignedData: {exception.Message}", exception);
        }
        catch (CryptographicException exception)
        {
            throw new CmcException(CmcError.Malformed, $"a certificate or key in the message is unusable: {exception.Message}", exception);
        }
    }

    private static SignedContent OpenUnchecked(ReadOnlyMemory<byte> message, string expectedContentType)
    {
        var contentInfo = new AsnReader(message, Der).ReadSequence();
        if (contentInfo.ReadObjectIdentifier() != CmcOids.SignedData)
        {
            throw new CmcException(CmcError.Malformed, "the ContentInfo is not SignedData");
        }
        var signedData = contentInfo.ReadSequence(Context0).ReadSequence();
        signedData.ReadInteger();
        signedData.ReadSetOf();
        var encapsulated = signedData.ReadSequence();
        string contentType = encapsulated.ReadObjectIdentifier();
        if (contentType != expectedContentType)
        {
            throw new CmcException(CmcError.WrongContentType, $"the eContentType is {contentType}, not {expectedContentType}");
        }
        if (!encapsulated.HasData)
        {
            throw new CmcException(CmcError.Malformed, "the SignedData carries no content");
        }
        byte[] content = encapsulated.ReadSequence(Context0).ReadOctetString();

        var certificates = new List<byte[]>();
        if (signedData.PeekTag().HasSameClassAndValue(Context0))
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                var tag = set.PeekTag();
                var encoded = set.ReadEncodedValue();
                if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    certificates.Add(encoded.ToArray());
                }
            }
        }
        if (signedData.PeekTag().HasSameClassAndValue(Context1))
        {
            signedData.ReadEncodedValue(); // CRLs: trust is decided by the caller's anchors, not by lists in the message
        }
        var signerInfos = signedData.ReadSetOf();
        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            throw new CmcException(CmcError.Malformed, "CMC messages here carry exactly one signature");
        }
        signerInfo.ReadInteger();
        var signerCertificate = FindSigner(signerInfo, certificates);
        RequireAlgorithm(signerInfo, CmcOids.Sha256, "digest");
        if (!signerInfo.PeekTag().HasSameClassAndValue(Context0))
        {
            throw new CmcException(CmcError.Malformed, "signed attributes are required (contentType, messageDigest)");
        }
        byte[] signedAttributes = signerInfo.ReadEncodedValue().ToArray();
        RequireAlgorithm(signerInfo, CmcOids.EcdsaWithSha256, "signature");
        byte[] signature = signerInfo.ReadOctetString();

        var (attributeContentType, digest, signingTime) = ReadAttributes(signedAttributes);
        if (attributeContentType != contentType)
        {
            throw new CmcException(CmcError.BadSignature, "the contentType attribute does not match the eContentType");
        }
        if (digest is null || !CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(content)))
        {
            throw new CmcException(CmcError.BadSignature, "the messageDigest attribute does not match the content");
        }
        using var certificate = X509CertificateLoader.LoadCertificate(signerCertificate);
        using var publicKey = certificate.GetECDsaPublicKey()
            ?? throw new CmcException(CmcError.UnsupportedAlgorithm, "the signer's key is not an EC key");
        // The signature covers the DER SET OF, not the [0]-tagged form (RFC 5652 section 5.4).
        signedAttributes[0] = 0x31;
        if (!publicKey.VerifyData(signedAttributes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new CmcException(CmcError.BadSignature, "the signature does not verify with the signer's certificate");
        }
        return new SignedContent(contentType, content, signerCertificate, certificates, signingTime);
    }

    private static byte[] SignedAttributes(string contentType, byte[] digest, DateTimeOffset signingTime)
    {
        var writer = new AsnWriter(Der);
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmcOids.ContentTypeAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(contentType);
                }
            }
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmcOids.MessageDigestAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteOctetString(digest);
                }
            }
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmcOids.SigningTimeAttribute);
                using (writer.PushSetOf())
                {
                    // RFC 5652 section 11.3: UTCTime for 1950 through 2049.
                    var utc = signingTime.ToUniversalTime();
                    var whole = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
                    if (utc.Year is >= 1950 and < 2050)
                    {
                        writer.WriteUtcTime(whole);
                    }
                    else
                    {
                        writer.WriteGeneralizedTime(whole, omitFractionalSeconds: true);
                    }
                }
            }
        }
        return writer.Encode();
    }

    private static (string? ContentType, byte[]? Digest, DateTimeOffset? SigningTime) ReadAttributes(byte[] encoded)
    {
        string? contentType = null;
        byte[]? digest = null;
        DateTimeOffset? signingTime = null;
        var set = new AsnReader(encoded, Der).ReadSetOf(Context0);
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            string type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            switch (type)
            {
                case CmcOids.ContentTypeAttribute:
                    contentType = values.ReadObjectIdentifier();
                    break;
                case CmcOids.MessageDigestAttribute:
                    digest = values.ReadOctetString();
                    break;
                case CmcOids.SigningTimeAttribute:
                    signingTime = values.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? values.ReadUtcTime() : values.ReadGeneralizedTime();
                    break;
                default:
                    continue;
            }
            if (values.HasData)
            {
                throw new CmcException(CmcError.Malformed, $"the signed attribute {type} has more than one value");
            }
        }
        return (contentType, digest, signingTime);
    }

    // issuerAndSerialNumber or [0] subjectKeyIdentifier (RFC 5652 section 5.3).
    private static byte[] FindSigner(AsnReader signerInfo, List<byte[]> certificates)
    {
        Func<X509Certificate2, bool> matches;
        if (signerInfo.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var issuerAndSerial = signerInfo.ReadSequence();
            byte[] issuer = issuerAndSerial.ReadEncodedValue().ToArray();
            byte[] serial = issuerAndSerial.ReadIntegerBytes().ToArray();
            matches = c => c.IssuerName.RawData.AsSpan().SequenceEqual(issuer) && c.SerialNumberBytes.Span.SequenceEqual(serial);
        }
        else
        {
            byte[] keyId = signerInfo.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0));
            matches = c => c.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } ski
                && ski.SubjectKeyIdentifierBytes.Span.SequenceEqual(keyId);
        }
        foreach (byte[] der in certificates)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            if (matches(certificate))
            {
                return der;
            }
        }
        throw new CmcException(CmcError.SignerCertificateMissing, "the signer's certificate is not in the message");
    }

    private static void RequireAlgorithm(AsnReader reader, string expected, string what)
    {
        var algorithm = reader.ReadSequence();
        string oid = algorithm.ReadObjectIdentifier();
        if (oid != expected)
        {
            throw new CmcException(CmcError.UnsupportedAlgorithm, $"the {what} algorithm {oid} is not supported (only {expected})");
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
        }
    }
}
