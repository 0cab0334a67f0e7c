namespace Eals.Protocol.Pki;

/// <summary>Why the PKI layer refused an input; the EST resource maps each to a CoAP response code.</summary>
public enum PkiError
{
    /// <summary>Not well-formed DER or PEM (CSR, certificate, key file).</summary>
    Malformed,
    /// <summary>The subject public key is not id-ecPublicKey (e.g. RSA).</summary>
    UnsupportedKeyAlgorithm,
    /// <summary>An EC key on a curve other than P-256.</summary>
    UnsupportedCurve,
    /// <summary>A signature algorithm other than ecdsa-with-SHA256.</summary>
    UnsupportedSignatureAlgorithm,
    /// <summary>The signature does not verify under the expected key.</summary>
    BadSignature,
    /// <summary>The request asks for basicConstraints cA=TRUE.</summary>
    RequestsCaCertificate,
    /// <summary>The request asks for keyCertSign or cRLSign.</summary>
    RequestsCertificateSigning,
    /// <summary>A critical extension this CA does not understand (RFC 5280 section 4.2).</summary>
    UnsupportedCriticalExtension,
    /// <summary>The subject is unusable: repeated serialNumber, a value out of range or of the wrong character set.</summary>
    InvalidSubject,
    /// <summary>No serialNumber where one is required (an IDevID or LDevID presented as identity).</summary>
    MissingSerialNumber,
    /// <summary>The name in the request is not the one the protecting secret authenticated (draft-selander-ace-eals section 2.1): CoAP 4.03.</summary>
    IdentityMismatch,
    /// <summary>A presented certificate was not issued by this CA.</summary>
    NotIssuedByThisCa,
    /// <summary>A presented certificate is outside its validity period.</summary>
    CertificateNotValidNow,
    /// <summary>A private key does not belong to the certificate stored with it.</summary>
    KeyDoesNotMatchCertificate,
    /// <summary>A PKI store has a certificate without its key (or the reverse), or may not be created.</summary>
    StoreIncomplete,
    /// <summary>The CA cannot issue any more: its own validity has ended.</summary>
    CaExpired,
}
