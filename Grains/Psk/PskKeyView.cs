namespace Eals.Grains.Psk;

/// <summary>An imported pre-shared key as operators see it: never the secret.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.psk-key-view")]
public sealed record PskKeyView(
    [property: Id(0)] string Serial,
    [property: Id(1)] string Subject,
    [property: Id(2)] string IdContext,
    [property: Id(3)] DateTimeOffset ImportedAt,
    [property: Id(4)] string ImportedBy,
    [property: Id(5)] DateTimeOffset? FirstUsedAt);
