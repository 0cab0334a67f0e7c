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
    ILogger<EstService> logger) : IEnrollmentService
{
    private readonly LdevidIssuer _issuer = new(credentials.DomainCa);

    public async Task<CoapMessage> HandleAsync(PledgeIdentity identity, CoapMessage innerRequest)
    {
        string path = innerRequest.GetPath();
        var method = innerRequest.Code;
        return path switch
        {
            EstPaths.SimpleEnroll when method == CoapCode.Post => await EnrollAsync(identity, innerRequest, reEnrollment: false, innerRequest.Accept),
            EstPaths.SimpleReEnroll when method == CoapCode.Post => await EnrollAsync(identity, innerRequest, reEnrollment: true, innerRequest.Accept),
            EstPaths.Eals when method == CoapCode.Post => await EnrollAsync(identity, innerRequest, reEnrollment: false, innerRequest.Accept ?? CoapContentFormat.Pkcs7CertsOnly),
            EstPaths.ServerKeyGeneration when method == CoapCode.Post => await ServerKeyGenerationAsync(identity, innerRequest),
            EstPaths.CaCertificates when method == CoapCode.Get => CaCertificates(innerRequest),
            EstPaths.CsrAttributes when method == CoapCode.Get => InnerResponses.Create(CoapCode.Content, CsrAttributes.Build(CsrAttributes.ForP256DeviceRequests()), CoapContentFormat.CsrAttrs),
            EstPaths.VoucherStatus when method == CoapCode.Post => await StatusAsync(identity, innerRequest, "voucher-status"),
            EstPaths.EnrollStatus when method == CoapCode.Post => await StatusAsync(identity, innerRequest, "enroll-status"),
            _ when EstPaths.All.Contains(path) => InnerResponses.Error(CoapCode.MethodNotAllowed, $"{method} is not allowed on /{path}"),
            _ => InnerResponses.Error(CoapCode.NotFound, $"no resource at /{path}"),
        };
    }

    private async Task<CoapMessage> EnrollAsync(PledgeIdentity identity, CoapMessage request, bool reEnrollment, uint? accept)
    {
        if (NotPkcs10(request) is { } wrongFormat)
        {
            return wrongFormat;
        }
        if (accept is { } wanted && wanted != CoapContentFormat.PkixCert && wanted != CoapContentFormat.Pkcs7CertsOnly)
        {
            return InnerResponses.Error(CoapCode.NotAcceptable, "enrollment responses are application/pkix-cert (287) or certs-only (281)");
        }
        var pledge = GrainsFor(identity);
        var view = await pledge.GetAsync();
        var current = view.Certificate;
        using var span = EnrollmentTelemetry.StartStep(reEnrollment ? "est re-enroll" : "est enroll", view.TraceParent, identity.Serial);
        if (reEnrollment && (identity.Kind != PledgeCredentialKind.Ldevid || current is null || !SameSerial(current.SerialHex, identity.CertificateSerial)))
        {
            await pledge.FailedAsync("re-enroll", "re-enrollment needs EDHOC with the current domain certificate");
            return InnerResponses.Error(CoapCode.Forbidden, "re-enrollment needs EDHOC authentication with the pledge's current domain certificate");
        }

        var (csr, refusal) = await BindAsync(pledge, identity, () => CsrParser.Parse(request.Payload), reEnrollment ? "re-enroll" : "enroll");
        if (csr is null)
        {
            return refusal!;
        }

        string keyHash = KeyHash(csr);
        if (current is not null && current.PublicKeyHash == keyHash && !reEnrollment)
        {
            // The answer to an earlier request was lost: the same key gets the same certificate.
            return Encode(accept, current.Der);
        }
        var issued = await IssueAndRecordAsync(pledge, csr, identity, reEnrollment, current?.SerialHex);
        return Encode(accept, issued.Der);
    }

    private static CoapMessage? NotPkcs10(CoapMessage request) =>
        request.ContentFormat is { } format && format != CoapContentFormat.Pkcs10
            ? InnerResponses.Error(CoapCode.UnsupportedContentFormat, "the request must be application/pkcs10 (286)")
            : null;

    // The CSR must parse and name no other identity than the authenticated one; a refusal goes on the pledge's timeline.
    private static async Task<(ValidatedCsr? Csr, CoapMessage? Refusal)> BindAsync(IPledgeGrain pledge, PledgeIdentity identity, Func<ValidatedCsr> parse, string step)
    {
        try
        {
            var csr = parse();
            LdevidIssuer.RequireBinding(csr, ToPki(identity));
            return (csr, null);
        }
        catch (PkiException exception)
        {
            await pledge.FailedAsync(step, $"CSR refused: {exception.Message}");
            return (null, exception.Error == PkiError.IdentityMismatch
                ? InnerResponses.Error(CoapCode.Forbidden, "the request names another identity than the one authenticated")
                : InnerResponses.Error(CoapCode.BadRequest, $"CSR refused: {exception.Message}"));
        }
    }

    // Issues under an unused serial, records it (certificate record, pledge state, timeline, directory) and logs it.
    private async Task<IssuedCertificate> IssueAndRecordAsync(IPledgeGrain pledge, ValidatedCsr csr, PledgeIdentity identity, bool reEnrollment, string? supersedes)
    {
        var issued = await IssueUniqueAsync(csr, identity, reEnrollment, supersedes);
        await pledge.IssuedAsync(new IssuedCertificateSummary(issued.SerialNumberHex, issued.Subject, issued.NotBefore, issued.NotAfter, KeyHash(csr), issued.Der), reEnrollment);
        LogIssued(logger, issued.SerialNumberHex, identity.Serial, reEnrollment);
        return issued;
    }

    private async Task<IssuedCertificate> IssueUniqueAsync(ValidatedCsr csr, PledgeIdentity identity, bool reEnrollment, string? supersedes)
    {
        var policy = new EnrollmentPolicy(options.CurrentValue.CertificateLifetime,
            System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.DigitalSignature | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyAgreement,
            clientAuth: true, serverAuth: options.CurrentValue.ServerAuth);
        for (int attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var issued = _issuer.Issue(csr, ToPki(identity), RecordFor(identity.Serial), policy, now, SystemRandomSource.Instance);
            var record = new CertificateRecord(issued.SerialNumberHex, issued.Subject, identity.Serial, issued.NotBefore, issued.NotAfter, now, reEnrollment, supersedes, issued.Der);
            // A random serial that is already taken is never handed out: draw again.
            if (await grains.GetGrain<ICertificateRecordGrain>(issued.SerialNumberHex).RecordAsync(record))
            {
                return issued;
            }
            if (attempt >= options.CurrentValue.MaxSerialCollisionRetries)
            {
                throw new InvalidOperationException("could not draw an unused certificate serial number");
            }
        }
    }

    // Draft section 2.4: the subject is compiled from the request, the pledge's pre-registered record and the group.
    private PledgeRecord RecordFor(string serial)
    {
        var group = options.CurrentValue;
        return group.Pledges.TryGetValue(serial, out var record)
            ? new PledgeRecord(record.CommonName, record.Organization ?? group.Organization, record.OrganizationalUnit ?? group.OrganizationalUnit)
            : new PledgeRecord(null, group.Organization, group.OrganizationalUnit);
    }

    // The pledge's own account of the voucher and of its enrollment goes on its timeline.
    private async Task<CoapMessage> StatusAsync(PledgeIdentity identity, CoapMessage request, string step)
    {
        if (request.ContentFormat is { } format && format != CoapContentFormat.Cbor)
        {
            return InnerResponses.Error(CoapCode.UnsupportedContentFormat, "status reports are application/cbor (60)");
        }
        if (StatusReport.TryDecode(request.Payload) is not { } report)
        {
            return InnerResponses.Error(CoapCode.BadRequest, "not a status report: {\"version\": 1, \"status\": bool, ? \"reason\": text}");
        }
        await GrainsFor(identity).NoteAsync(step, report.Status ? "success" : "failure", report.Reason ?? "");
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

    private IPledgeGrain GrainsFor(PledgeIdentity identity) => grains.GetGrain<IPledgeGrain>(identity.Serial);

    private static AuthenticatedIdentity ToPki(PledgeIdentity identity) => new(identity.Serial, identity.Subject);

    private static bool SameSerial(string a, string b) => string.Equals(a.TrimStart('0'), b.TrimStart('0'), StringComparison.OrdinalIgnoreCase);

    private static string KeyHash(ValidatedCsr csr) => Convert.ToHexStringLower(SHA256.HashData(csr.PublicKey.ExportSubjectPublicKeyInfo()));

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued certificate {SerialHex} to pledge {Pledge} (re-enrollment: {ReEnrollment})")]
    private static partial void LogIssued(ILogger logger, string serialHex, string pledge, bool reEnrollment);
}
