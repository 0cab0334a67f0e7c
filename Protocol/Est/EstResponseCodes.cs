using Eals.Protocol.Coap;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Est;

/// <summary>
/// The CoAP response code for each refusal of an EST-coaps request (RFC 9148 section 4.5): a request the server
/// cannot use is 4.00, one it will not grant to this client is 4.03 (draft-selander-ace-eals section 2.1:
/// an identity mismatch), an Accept it cannot meet is 4.06, and the server's own failure is 5.00.
/// </summary>
public static class EstResponseCodes
{
    public static CoapCode For(PkiError error) => error switch
    {
        PkiError.Malformed or PkiError.UnsupportedKeyAlgorithm or PkiError.UnsupportedCurve or PkiError.UnsupportedSignatureAlgorithm
            or PkiError.BadSignature or PkiError.UnsupportedCriticalExtension or PkiError.InvalidSubject or PkiError.MissingSerialNumber => CoapCode.BadRequest,
        PkiError.RequestsCaCertificate or PkiError.RequestsCertificateSigning or PkiError.IdentityMismatch
            or PkiError.NotIssuedByThisCa or PkiError.CertificateNotValidNow => CoapCode.Forbidden,
        PkiError.KeyDoesNotMatchCertificate or PkiError.StoreIncomplete or PkiError.CaExpired => CoapCode.InternalServerError,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Unmapped PKI error."),
    };

    public static CoapCode For(EstFormatError error) => error switch
    {
        EstFormatError.UnsupportedContentFormat => CoapCode.NotAcceptable,
        EstFormatError.Malformed or EstFormatError.NotSignedData or EstFormatError.NotCertsOnly or EstFormatError.UnsupportedCertificateChoice
            or EstFormatError.BadCertificate or EstFormatError.NotForThisKey or EstFormatError.NotFromDomainCa => CoapCode.BadRequest,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Unmapped EST format error."),
    };
}
