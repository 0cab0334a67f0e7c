namespace Eals.Grains.Routing;

/// <summary>
/// What the storage holds under an OSCORE context key that carries no registrar tag: nothing (<see cref="Exists"/> false),
/// a context owned by a pledge's grain (<see cref="Owner"/>, its serial), or a context the context grain under the key serves.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.stored-context")]
public sealed record StoredContext([property: Id(0)] bool Exists, [property: Id(1)] string? Owner)
{
    public static readonly StoredContext None = new(false, null);
}
