namespace Eals.Masa.Ace;

/// <summary>
/// A freshly minted access token and the key the pledge shares with the AS, returned once to the manufacturer
/// (who installs both on the pledge): token and client key base64url, the cti hex.
/// </summary>
public sealed record IssuedAccessToken(string Token, string ClientKey, string TokenId, string Serial, string Audience, string Scope, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"IssuedAccessToken {{ TokenId = {TokenId}, Serial = {Serial}, Audience = {Audience}, ExpiresAt = {ExpiresAt:u} }}";
}
