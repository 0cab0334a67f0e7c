using Eals.Grains.Pledges;

namespace Eals.Grains.Oscore;

/// <summary>
/// The input of a new OSCORE context (RFC 9528 appendix A.1 after EDHOC) and the identity EDHOC
/// authenticated, handed from the session grain to the context grain (or, for a pre-shared key, the
/// RFC 9031 parameters with their ID Context). Holds the master secret: it
/// travels between silos but is never logged and is stored only sealed. A context made from a bearer token
/// (ACE) or a pre-shared key <see cref="AuthenticatesOnFirstUse"/>: the pledge counts as authenticated, and
/// gets its pacing slot, only when a request verifies under it, which proves it holds the key, not merely a
/// copy of the token. ACE hands the slot it took at /authz-info (<see cref="LeaseUntilFirstUse"/>); a
/// pre-shared key's pledge, which sends nothing before, asks its site's pacer with that first request.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.oscore-establishment")]
public sealed record OscoreEstablishment(
    [property: Id(0)] byte[] MasterSecret,
    [property: Id(1)] byte[] MasterSalt,
    [property: Id(2)] byte[] SenderId,
    [property: Id(3)] byte[] RecipientId,
    [property: Id(4)] PledgeIdentity Identity,
    [property: Id(5)] byte[]? IdContext = null,
    [property: Id(6)] Pacing.PacingLease? LeaseUntilFirstUse = null,
    [property: Id(7)] bool AuthenticatesOnFirstUse = false)
{
    public override string ToString() => $"OscoreEstablishment({Identity.Serial}, kid {Convert.ToHexStringLower(RecipientId)})";
}
