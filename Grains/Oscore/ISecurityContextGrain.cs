namespace Eals.Grains.Oscore;

/// <summary>
/// One OSCORE security context on the registrar's side, keyed by its Recipient ID (hex) = the 'kid' the
/// pledge sends. The single activation owns the replay window and the sender sequence numbers, so two
/// gateways can never race on them; both are persisted before a response leaves.
/// </summary>
[Alias("eals.security-context")]
public interface ISecurityContextGrain : IGrainWithStringKey
{
    [Alias("establish")]
    Task EstablishAsync(OscoreEstablishment establishment);

    /// <summary>Removes the context if it has served no request yet (the pledge refused the handshake); false otherwise.</summary>
    [Alias("revoke-unused")]
    Task<bool> RevokeUnusedAsync();

    /// <summary>Removes the context whether or not it served requests (the operator removed the key it came from).</summary>
    [Alias("revoke")]
    Task RevokeAsync();

    /// <summary>
    /// Verifies an OSCORE-protected request (the CoAP message encoded), serves it, and returns the
    /// response to send, protected, or an unprotected OSCORE error (RFC 8613 section 8.2).
    /// <paramref name="site"/> and <paramref name="pledge"/> say where it came from, for pacing: a context
    /// whose pledge is authenticated by its first verified request takes a slot from that site's pacer then.
    /// A context EDHOC made lives in its pledge's grain: the request goes there, and the answer names the owner.
    /// </summary>
    [Alias("handle")]
    Task<ProtectedAnswer> HandleAsync(byte[] protectedRequest, string site, string pledge);
}
