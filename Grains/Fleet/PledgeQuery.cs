using Eals.Grains.Pledges;

namespace Eals.Grains.Fleet;

/// <summary>Pledges whose serial contains <see cref="Text"/> (any case; a prefix is a substring too), in <see cref="Status"/> if given.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.pledge-query")]
public sealed record PledgeQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] PledgeStatus? Status)
{
    public bool Matches(PledgeDirectoryEntry entry) =>
        (Status is null || entry.Status == Status) &&
        (string.IsNullOrEmpty(Text) || entry.Serial.Contains(Text, StringComparison.OrdinalIgnoreCase));
}
