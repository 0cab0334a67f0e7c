namespace Eals.Protocol.Est;

/// <summary>Why an EST payload (RFC 7030, RFC 9148) could not be read.</summary>
public enum EstFormatError
{
    /// <summary>Not well-formed ASN.1, or trailing bytes.</summary>
    Malformed,
    /// <summary>A ContentInfo whose contentType is not id-signedData.</summary>
    NotSignedData,
    /// <summary>SignedData with signers or encapsulated content: not a certs-only message.</summary>
    NotCertsOnly,
    /// <summary>A CertificateChoices other than a plain X.509 certificate (attribute or other certificate).</summary>
    UnsupportedCertificateChoice,
    /// <summary>A certificate inside the message does not parse.</summary>
    BadCertificate,
    /// <summary>The enrollment response certifies a key other than the one the pledge asked for.</summary>
    NotForThisKey,
    /// <summary>The enrollment response's certificate is not signed by the pinned domain CA.</summary>
    NotFromDomainCa,
    /// <summary>The client asked for a content format this resource does not produce (CoAP 4.06).</summary>
    UnsupportedContentFormat,
}
