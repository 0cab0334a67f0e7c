using System.Security.Cryptography;
using System.Text;
using Eals.Grains.Certificates;
using Eals.Grains.Pledges;
using Eals.Grains.Telemetry;
using Eals.Grains.Registrar;
using Eals.Protocol.Brski;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Enrollment;

/// <summary>
/// EST-coaps over OSCORE (RFC 9148, draft-ietf-ace-coap-est-oscore) and the draft's /eals. A request
/// here was verified by the security context, so <see cref="PledgeIdentity"/> is who sent it; every
/// certificate is bound to that identity (a CSR naming another device gets 4.03). A pledge that asks
/// again for the key it already holds a certificate for gets the same certificate, not a second one.
/// </summary>
public sealed partial class EstService(
    IGrainFactory grains,
    RegistrarCredentials credentials,
    IOptionsMonitor<EnrollmentOptions> options,
    TimeProvider time,
    ILogger<EstService> logger,
    Storage.IGrainStateLookup? lookup = null) : IEnrollmentService
{
    private readonly CertificateIssuance _issuance = new(grains, credentials, options, time, logger, lookup);

    public async Task<CoapMessage> HandleAsync(PledgeIdentity identity, CoapMessage innerRequest, IPledgeRecord pledge)
    {
        string path = innerRequest.GetPath();
        var method = innerRequest.Code;
        return path switch
        {
            EstPaths.SimpleEnroll when method == CoapCode.Post => await EnrollAsync(pledge, identity, innerRequest, reEnrollment: false, innerRequest.Accept),
            EstPaths.SimpleReEnroll when method == CoapCode.Post => await EnrollAsync(pledge, identity, innerRequest, reEnrollment: true, innerRequest.Accept),
            EstPaths.Eals when method == CoapCode.Post => await EnrollAsync(pledge, identity, innerRequest, reEnrollment: false, innerRequest.Accept ?? CoapContentFormat.Pkcs7CertsOnly),
            EstPaths.ServerKeyGeneration when method == CoapCode.Post => await ServerKeyGenerationAsync(pledge, identity, innerRequest),
            EstPaths.CaCertificates when method == CoapCode.Get => CaCertificates(innerRequest),
            EstPaths.CsrAttributes when method == CoapCode.Get => InnerResponses.Create(CoapCode.Content, CsrAttributes.Build(CsrAttributes.ForP256DeviceRequests()), CoapContentFormat.CsrAttrs),
            EstPaths.VoucherStatus when method == CoapCode.Post => await StatusAsync(pledge, innerRequest, "voucher-status"),
            EstPaths.EnrollStatus when method == CoapCode.Post => await StatusAsync(pledge, innerRequest, "enroll-status"),
            _ when EstPaths.All.Contains(path) => InnerResponses.Error(CoapCode.MethodNotAllowed, $"{method} is not allowed on /{path}"),
            _ => InnerResponses.Error(CoapCode.NotFound, $"no resource at /{path}"),
        };
    }

    private async Task<CoapMessage> EnrollAsync(IPledgeRecord pledge, PledgeIdentity identity, CoapMessage request, bool reEnrollment, uint? accept)
    {
        if (NotPkcs10(request) is { } wrongFormat)
        {
            return wrongFormat;
        }
        if (accept is { } wanted && wanted != CoapContentFormat.PkixCert && wanted != CoapContentFormat.Pkcs7CertsOnly)
        {
            return InnerResponses.Error(CoapCode.NotAcceptable, "enrollment responses are application/pkix-cert (287) or certs-only (281)");
        }
        var view = await pledge.GetAsync();
        var current = view.Certificate;
        using var span = EnrollmentTelemetry.StartStep(reEnrollment ? "est re-enroll" : "est enroll", view.TraceParent, identity.Serial);
        if (reEnrollment && (identity.Kind != PledgeCredentialKind.Ldevid || current is null || !SameSerial(current.SerialHex, identity.CertificateSerial)))
        {
            await pledge.FailedAsync("re-enroll", "re-enrollment needs EDHOC with the current domain certificate");
            return InnerResponses.Error(CoapCode.Forbidden, "re-enrollment needs EDHOC authentication with the pledge's current domain certificate");
        }

        var outcome = await _issuance.IssueAsync(pledge, identity, request.Payload, reEnrollment, current);
        if (outcome.Refusal is { } refusal)
        {
            return Refused(refusal);
        }
        return Encode(accept, outcome.Certificate!);
    }

    private static CoapMessage? NotPkcs10(CoapMessage request) =>
        request.ContentFormat is { } format && format != CoapContentFormat.Pkcs10
            ? InnerResponses.Error(CoapCode.UnsupportedContentFormat, "the request must be application/pkcs10 (286)")
            : null;

    private static CoapMessage Refused(PkiException refusal) => refusal.Error == PkiError.IdentityMismatch
        ? InnerResponses.Error(CoapCode.Forbidden, "the request names another identity than the one authenticated")
        : InnerResponses.Error(CoapCode.BadRequest, $"CSR refused: {refusal.Message}");

    // The pledge's own account of the voucher and of its enrollment goes on its timeline.
    private static async Task<CoapMessage> StatusAsync(IPledgeRecord pledge, CoapMessage request, string step)
    {
        if (request.ContentFormat is { } format && format != CoapContentFormat.Cbor)
        {
            return InnerResponses.Error(CoapCode.UnsupportedContentFormat, "status reports are application/cbor (60)");
        }
        if (StatusReport.TryDecode(request.Payload) is not { } report)
        {
            return InnerResponses.Error(CoapCode.BadRequest, "not a status report: {\"version\": 1, \"status\": bool, ? \"reason\": text}");
        }
        await pledge.NoteAsync(step, report.Status ? "success" : "failure", report.Reason ?? "");
        return new CoapMessage { Type = CoapMessageType.Acknowledgement, Code = CoapCode.Changed };
    }

    private CoapMessage Encode(uint? accept, byte[] der)
    {
        var (format, payload) = EnrollmentResponse.Encode((ushort?)accept, der, credentials.DomainCa.Certificate);
        return InnerResponses.Create(CoapCode.Changed, payload, format);
    }

    private CoapMessage CaCertificates(CoapMessage request)
    {
        if (request.Accept is { } accept && accept != CoapContentFormat.Pkcs7CertsOnly)
        {
            return InnerResponses.Error(CoapCode.NotAcceptable, "/crts is served as certs-only (281)");
        }
        return InnerResponses.Create(CoapCode.Content, CertsOnlyMessage.Build([credentials.DomainCa.Certificate]), CoapContentFormat.Pkcs7CertsOnly);
    }

    private static bool SameSerial(string a, string b) => string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);
}
