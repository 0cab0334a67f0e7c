namespace Eals.Grains.Fleet;

/// <summary>One page of a listing and how many items match in all.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.directory-page")]
public sealed record DirectoryPage<T>(
    [property: Id(0)] long Total,
    [property: Id(1)] IReadOnlyList<T> Items);
