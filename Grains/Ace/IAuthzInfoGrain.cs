namespace Eals.Grains.Ace;

/// <summary>
/// One POST to /authz-info (RFC 9203 section 4), keyed by the SHA-256 (hex) of the request (token, nonce1,
/// ace_client_recipientid): a repeat of the same request gets the same answer and establishes nothing new.
/// </summary>
[Alias("eals.authz-info")]
public interface IAuthzInfoGrain : IGrainWithStringKey
{
    /// <summary>
    /// The answer to the request <paramref name="body"/> (application/ace+cbor) whose hash is this grain's key,
    /// from <paramref name="origin"/> (a pledge's address, or a join proxy's handle) at pacing site <paramref name="site"/>.
    /// </summary>
    [Alias("post")]
    Task<AuthzInfoReply> PostAsync(byte[] body, string site, string origin);
}
