namespace Eals.Protocol.Cmc;

/// <summary>Why a CMC message was not accepted by the parser or the signature check.</summary>
public enum CmcError
{
    /// <summary>Not DER, not CMS SignedData, or not the structure RFC 5272 defines.</summary>
    Malformed,
    /// <summary>The eContentType is not the one expected (PKIData for requests, PKIResponse for responses).</summary>
    WrongContentType,
    /// <summary>A digest or signature algorithm other than SHA-256 / ecdsa-with-SHA256.</summary>
    UnsupportedAlgorithm,
    /// <summary>The signer's certificate is not in the message.</summary>
    SignerCertificateMissing,
    /// <summary>The messageDigest or the signature does not verify.</summary>
    BadSignature,
    /// <summary>A control the exchange needs (transactionId, senderNonce, a PKCS#10, the status) is missing or repeated.</summary>
    MissingControl,
}
