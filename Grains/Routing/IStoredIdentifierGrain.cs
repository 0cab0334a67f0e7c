namespace Eals.Grains.Routing;

/// <summary>
/// Says, from storage alone, whether an identifier without the registrar's tag (<see cref="Protocol.Edhoc.TaggedConnectionId"/>)
/// names anything: a context of a release before the tags, an access token's or a pre-shared key's context, a stored
/// EDHOC session. Gateways ask it before they route such an identifier, so one that names nothing activates no grain
/// under it. A stateless worker (activations per silo, not per identifier); it writes nothing.
/// </summary>
[Alias("eals.stored-identifier")]
public interface IStoredIdentifierGrain : IGrainWithIntegerKey
{
    /// <summary>The context under <paramref name="key"/> (hex kid, or a pre-shared key's <see cref="Psk.PskContextKey"/>), if stored.</summary>
    [Alias("context")]
    Task<StoredContext> FindContextAsync(string key);

    /// <summary>Whether an EDHOC session under <paramref name="connectionId"/> (hex) is stored.</summary>
    [Alias("session")]
    Task<bool> SessionStoredAsync(string connectionId);
}
