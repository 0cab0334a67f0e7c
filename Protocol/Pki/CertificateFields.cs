using System.Formats.Asn1;

namespace Eals.Protocol.Pki;

/// <summary>
/// The subject and SubjectPublicKeyInfo of a DER certificate read in managed code, without loading it into OpenSSL (a
/// parse of the whole certificate and a decode of its key): for certificates whose trust was decided elsewhere, which
/// are met again only to use their key or name (RFC 5280 section 4.1).
/// <code>
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ... }
/// </code>
/// </summary>
public readonly record struct CertificateFields(ReadOnlyMemory<byte> Subject, ReadOnlyMemory<byte> SubjectPublicKeyInfo)
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>Throws <see cref="PkiException"/> (<see cref="PkiError.Malformed"/>) when the bytes are not a DER certificate.</summary>
    public static CertificateFields Read(ReadOnlyMemory<byte> der)
    {
        var toBeSigned = SignedDer.Read(der).ToBeSigned;
        try
        {
            var tbs = new AsnReader(toBeSigned, AsnEncodingRules.DER).ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(VersionTag))
            {
                tbs.ReadEncodedValue();
            }
            tbs.ReadIntegerBytes();   // serialNumber
            tbs.ReadSequence();       // signature
            tbs.ReadSequence();       // issuer
            tbs.ReadSequence();       // validity
            var subject = tbs.ReadEncodedValue();
            var subjectPublicKeyInfo = tbs.ReadEncodedValue();
            return new CertificateFields(subject, subjectPublicKeyInfo);
        }
        catch (AsnContentException e)
        {
            throw new PkiException(PkiError.Malformed, "The TBSCertificate is not well-formed.", e);
        }
    }
}
