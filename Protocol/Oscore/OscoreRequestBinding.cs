namespace Eals.Protocol.Oscore;

/// <summary>
/// What an endpoint keeps of a request to protect or verify its responses (RFC 8613 section 7.1): the
/// request's 'kid' (the client's Sender ID) and Partial IV, which enter the response AAD and, for a
/// response without Partial IV, its nonce. <see cref="FreshnessVerified"/> is false when the server could
/// not verify the request against its replay window: a response must then carry its own Partial IV,
/// since reusing the request nonce could reuse a nonce with a replayed request (appendix B.1.2).
/// </summary>
public sealed record OscoreRequestBinding(byte[] RequestKid, byte[] RequestPartialIv, bool FreshnessVerified = true)
{
    public override string ToString()
        => $"OscoreRequestBinding {{ kid = h'{Convert.ToHexStringLower(RequestKid)}', piv = h'{Convert.ToHexStringLower(RequestPartialIv)}', fresh = {FreshnessVerified} }}";
}
