namespace Eals.Grains.Pacing;

/// <summary>
/// Admission for one site (a gateway, or a join proxy), keyed by the site's name: a first-come,
/// first-served queue of pledges, the site's slots in flight with their leases, and slots granted by
/// the cluster pacer.
/// </summary>
[Alias("eals.site-pacer")]
public interface ISitePacerGrain : IGrainWithStringKey
{
    /// <summary>A pledge's trigger: admitted with a lease, or told how long to wait.</summary>
    [Alias("admit")]
    Task<AdmissionDecision> AdmitAsync(string pledge);

    /// <summary>
    /// An EDHOC trigger or message_1 of a pledge not authenticated yet: as <see cref="AdmitAsync"/>, but the slot is a
    /// handshake's (<see cref="PacingOptions.HandshakeLease"/>, ended by <see cref="PacingLease.HandshakeDone"/>) and
    /// <paramref name="source"/> may hold at most <see cref="PacingOptions.SourceCap"/> handshakes and queue places.
    /// </summary>
    [Alias("admit-handshake")]
    Task<AdmissionDecision> AdmitHandshakeAsync(string pledge, string source);

    /// <summary>The enrollment holding <paramref name="leaseId"/> ended (enrolled, failed, timed out); an unknown lease is ignored.</summary>
    [Alias("release")]
    Task ReleaseAsync(string leaseId, string outcome);

    /// <summary>A batch of <see cref="ReleaseAsync"/> from one silo (<see cref="LeaseReleases"/>).</summary>
    [Alias("release-many")]
    Task ReleaseManyAsync(LeaseRelease[] releases);

    /// <summary>Wakes the site so it reports its figures (the cluster pacer's recovery after a restart).</summary>
    [Alias("poke"), Orleans.Concurrency.OneWay]
    Task PokeAsync();

    [Alias("view")]
    Task<SitePacingView> GetViewAsync();
}
