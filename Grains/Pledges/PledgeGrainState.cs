using Eals.Grains.Certificates;
using Eals.Grains.Storage;

namespace Eals.Grains.Pledges;

/// <summary>
/// The persisted record of one pledge. No secrets: identity, certificates, timeline. Its lookup keys (the OSCORE
/// kid it owns, the serials of its certificates) let the storage find it from either in the same write.
/// </summary>
[GenerateSerializer]
[Alias("eals.pledge-state")]
public sealed class PledgeGrainState : IStateLookupKeys
{
    public const string StateName = "pledge";

    /// <summary>Certificate records kept per pledge, newest last (older ones are still listed by serial in <see cref="SupersededSerials"/>).</summary>
    public const int MaxCertificateRecords = 16;

    public static string KidKey(string kid) => "kid:" + kid;

    public static string CertificateKey(string serialHex) => "certificate:" + serialHex.ToUpperInvariant();

    [Id(0)] public PledgeStatus Status { get; set; }
    [Id(1)] public PledgeIdentity? Identity { get; set; }
    [Id(2)] public IssuedCertificateSummary? Certificate { get; set; }
    [Id(3)] public List<string> SupersededSerials { get; set; } = [];
    [Id(4)] public List<TimelineEntry> Timeline { get; set; } = [];
    [Id(5)] public string? ConnectionId { get; set; }
    /// <summary>The pacing slot of the enrollment in progress, given back when it ends.</summary>
    [Id(6)] public Pacing.PacingLease? Lease { get; set; }
    /// <summary>The current enrollment's trace (W3C traceparent) and when its EDHOC session started.</summary>
    [Id(7)] public string? TraceParent { get; set; }
    [Id(8)] public DateTimeOffset? EnrollmentStartedAt { get; set; }
    /// <summary>The state the pledge directory last took in (null: not listed yet); another state is sent to it.</summary>
    [Id(9)] public PledgeStatus? ListedStatus { get; set; }

    /// <summary>The OSCORE context EDHOC made for the current enrollment, owned here: its Recipient ID (hex), sealed state, requests served.</summary>
    [Id(10)] public string? OscoreKid { get; set; }
    [Id(11)] public byte[] SealedOscoreContext { get; set; } = [];
    [Id(12)] public long OscoreRequestsServed { get; set; }

    /// <summary>An operator's decision on this pledge (through its approval grain); a rejection outweighs the allow-list.</summary>
    [Id(13)] public Approvals.ApprovalStatus? OperatorDecision { get; set; }

    /// <summary>The approval a policy (allow-list entry, enrollment group) gave, kept here instead of in an approval grain.</summary>
    [Id(14)] public Approvals.ApprovalRecord? PolicyApproval { get; set; }

    /// <summary>The records of the certificates issued to this pledge, with their DER (for download by serial), newest last.</summary>
    [Id(15)] public List<CertificateRecord> IssuedCertificates { get; set; } = [];

    public IEnumerable<string> LookupKeys
    {
        get
        {
            if (OscoreKid is { } kid)
            {
                yield return KidKey(kid);
            }
            foreach (var record in IssuedCertificates)
            {
                yield return CertificateKey(record.SerialHex);
            }
        }
    }
}
