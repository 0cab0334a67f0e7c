using Eals.Gateway.Messaging;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// Which pledge's grain owns the OSCORE context under a 'kid', as EDHOC replies named it on this gateway, so
/// the context's requests go straight to that grain. Only a routing hint: a kid it does not know (another
/// gateway ran the handshake, or it was forgotten) goes to the context grain under the kid, which finds
/// the owner; an owner that no longer holds the kid says so and the request takes that way too. Bounded
/// (<see cref="Capacity"/>, oldest first) and short-lived (<see cref="Lifetime"/>, an enrollment's span).
/// </summary>
public sealed class ContextOwners(TimeProvider time)
{
    public const int Capacity = 100_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly BoundedCache<string, string> _owners = new(Capacity, time);

    public void Remember(string kid, string owner) => _owners.Set(kid, owner, Lifetime);

    public string? OwnerOf(string kid) => _owners.TryGet(kid, out var owner) ? owner : null;
}
