namespace Eals.Grains.Pacing;

/// <summary>One admitted enrollment's slot: the site that granted it and the lease's identifier there.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pacing-lease")]
public sealed record PacingLease([property: Id(0)] string Site, [property: Id(1)] string Id)
{
    /// <summary>Gives the slot back to its site, with this silo's next batch; releasing twice is harmless (the site ignores an unknown lease).</summary>
    public void Release(LeaseReleases releases, string outcome) => releases.Enqueue(this, outcome);

    /// <summary>The handshake authenticated its pledge: the slot is kept (no longer a handshake's), with this silo's next batch.</summary>
    public void HandshakeDone(LeaseReleases releases) => releases.Enqueue(this, "authenticated", handshakeDone: true);
}
