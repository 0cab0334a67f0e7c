namespace Eals.Gateway.Enrollment;

/// <summary>
/// Where a request comes from, for pacing: the site (this gateway, or the join proxy it came through), the pledge
/// within the site, and the source a site's per-source cap counts (<see cref="PledgeOrigins"/> decides them).
/// </summary>
public readonly record struct PledgeOrigin(string Site, string Pledge, string Source);
