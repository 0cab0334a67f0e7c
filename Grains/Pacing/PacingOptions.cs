using System.ComponentModel.DataAnnotations;

namespace Eals.Grains.Pacing;

/// <summary>
/// Configuration section "Pacing": the initial admission settings of a new cluster (afterwards they live in
/// the cluster pacer's state and change through the API), and the timing of slots and queue places.
/// </summary>
public sealed class PacingOptions
{
    public const string SectionName = "Pacing";

    /// <summary>Enrollments in flight across the whole cluster.</summary>
    [Range(1, 10_000_000)]
    public int MaxInFlight { get; set; } = 512;

    /// <summary>Enrollments in flight per site (a gateway, or a join proxy) unless <see cref="SiteCaps"/> names it.</summary>
    [Range(1, 10_000_000)]
    public int DefaultSiteCap { get; set; } = 128;

    /// <summary>Per-site caps by site name ("gateway name" or "proxy:address:port").</summary>
    public Dictionary<string, int> SiteCaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>New enrollments admitted per second across the cluster.</summary>
    [Range(0.01, 1_000_000)]
    public double AdmissionRate { get; set; } = 500;

    /// <summary>Admissions allowed at once after a quiet period (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public double AdmissionBurst { get; set; } = 500;

    /// <summary>Longest a slot is held: an enrollment still running then no longer counts (none leak).</summary>
    public TimeSpan SlotLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest a handshake holds its slot before it has authenticated its pledge (message_1 sent, no message_2 yet;
    /// or message_2 sent, no message_3): seconds, not the enrollment's <see cref="SlotLease"/>, so an unauthenticated
    /// peer cannot keep a slot. Long enough for a constrained pledge's signature and a few CoAP retransmissions.
    /// </summary>
    public TimeSpan HandshakeLease { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Most handshakes waiting for their pledge's answer, plus queue places, that one source (an IP address, or a
    /// join proxy's pledge handle) may hold at a site; more get a 5.03 without a place. A fleet behind one NAT
    /// still enrolls at the cap divided by a handshake's round trip.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SourceCap { get; set; } = 32;

    /// <summary>Longest Max-Age told to a waiting pledge.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long past its Max-Age a waiting pledge keeps its place in the queue.</summary>
    public TimeSpan QueueGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an enrollment is assumed to hold its slot before any has finished.</summary>
    public TimeSpan InitialHoldEstimate { get; set; } = TimeSpan.FromSeconds(2);

    public PacingSettings ToSettings() => new(MaxInFlight, DefaultSiteCap, new Dictionary<string, int>(SiteCaps, StringComparer.Ordinal), AdmissionRate, AdmissionBurst, 1);
}
