using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>One pledge as the directory lists it (and as the live view hears of its changes): its serial, state and when that state was reached.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-directory-entry")]
public sealed record PledgeDirectoryEntry(
    [property: Id(0)] string Serial,
    [property: Id(1)] PledgeStatus Status,
    [property: Id(2)] DateTimeOffset UpdatedAt);
