using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Certificates;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Grains.Storage;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Enrollment;

/// <summary>
/// The one issuance step every route ends in (EST over OSCORE, full CMC): the PKCS#10 is checked (proof
/// of possession, profile) and bound to the authenticated identity, a certificate with an unused serial
/// is recorded and told to the pledge grain. A refused request is put on the pledge's timeline. A pledge
/// asking again for the key it already holds a certificate for gets the same certificate.
/// Where the storage finds grains by lookup key (<paramref name="lookup"/>), the serial's uniqueness is the pledge
/// record's own: its write holds the serial as a key and is refused if another pledge's record holds it, so the
/// certificate is never handed out. Elsewhere a certificate record grain per serial is written first.
/// </summary>
public sealed partial class CertificateIssuance(
    IGrainFactory grains,
    RegistrarCredentials credentials,
    IOptionsMonitor<EnrollmentOptions> options,
    TimeProvider time,
    ILogger logger,
    IGrainStateLookup? lookup)
{
    private readonly LdevidIssuer _issuer = new(credentials.DomainCa);

    public async Task<IssuanceOutcome> IssueAsync(IPledgeRecord pledge, PledgeIdentity identity, ReadOnlyMemory<byte> csrDer, bool reEnrollment, IssuedCertificateSummary? current)
    {
        var (csr, refusal) = await BindAsync(pledge, identity, () => CsrParser.Parse(csrDer), reEnrollment ? "re-enroll" : "enroll");
        if (csr is null)
        {
            return new IssuanceOutcome(null, refusal);
        }
        if (current is not null && current.PublicKeyHash == KeyHash(csr) && !reEnrollment)
        {
            // The answer to an earlier request was lost: the same key gets the same certificate.
            return new IssuanceOutcome(current.Der, null);
        }
        var issued = await IssueAndRecordAsync(pledge, identity, csr, reEnrollment, current?.SerialHex);
        return new IssuanceOutcome(issued.Der, null);
    }

    /// <summary>
    /// The request must parse (<paramref name="parse"/>: a PKCS#10 with proof of possession, or /skg's
    /// template) and name no other identity than the authenticated one; a refusal goes on the pledge's timeline.
    /// </summary>
    public async Task<(ValidatedCsr? Csr, PkiException? Refusal)> BindAsync(IPledgeRecord pledge, PledgeIdentity identity, Func<ValidatedCsr> parse, string step)
    {
        try
        {
            var csr = parse();
            LdevidIssuer.RequireBinding(csr, new AuthenticatedIdentity(identity.Serial, identity.Subject));
            return (csr, null);
        }
        catch (PkiException exception)
        {
            await pledge.FailedAsync(step, $"CSR refused: {exception.Message}");
            return (null, exception);
        }
    }

    /// <summary>Issues under an unused serial, records it (certificate record, pledge state, timeline, directory) and logs it.</summary>
    public async Task<IssuedCertificate> IssueAndRecordAsync(IPledgeRecord pledge, PledgeIdentity identity, ValidatedCsr csr, bool reEnrollment, string? supersedes)
    {
        var issued = await IssueUniqueAsync(csr, identity, reEnrollment, supersedes);
        await pledge.IssuedAsync(new IssuedCertificateSummary(issued.SerialNumberHex, issued.Subject, issued.NotBefore, issued.NotAfter, KeyHash(csr), issued.Der), reEnrollment);
        LogIssued(logger, issued.SerialNumberHex, identity.Serial, reEnrollment);
        return issued;
    }

    private async Task<IssuedCertificate> IssueUniqueAsync(ValidatedCsr csr, PledgeIdentity identity, bool reEnrollment, string? supersedes)
    {
        var policy = new EnrollmentPolicy(options.CurrentValue.CertificateLifetime,
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement,
            clientAuth: true, serverAuth: options.CurrentValue.ServerAuth);
        for (int attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var issued = _issuer.Issue(csr, new AuthenticatedIdentity(identity.Serial, identity.Subject), RecordFor(identity.Serial), policy, now, SystemRandomSource.Instance);
            if (lookup is not null)
            {
                return issued;
            }
            var record = new CertificateRecord(issued.SerialNumberHex, issued.Subject, identity.Serial, issued.NotBefore, issued.NotAfter, now, reEnrollment, supersedes, issued.Der);
            // A random serial that is already taken is never handed out: draw again.
            if (await grains.Reference<ICertificateRecordGrain>(issued.SerialNumberHex).RecordAsync(record))
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

    private static string KeyHash(ValidatedCsr csr) => Convert.ToHexStringLower(SHA256.HashData(csr.PublicKey.ExportSubjectPublicKeyInfo()));

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued certificate {SerialHex} to pledge {Pledge} (re-enrollment: {ReEnrollment})")]
    private static partial void LogIssued(ILogger logger, string serialHex, string pledge, bool reEnrollment);
}
