using Microsoft.AspNetCore.Authentication;

namespace Eals.Dashboard.Api;

/// <summary>
/// The operator API's bearer token (until operator accounts arrive): the SHA-256 of the token and the
/// operator name requests authenticated with it are recorded under.
/// </summary>
public sealed class ApiTokenOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "ApiToken";

    public byte[] TokenSha256 { get; set; } = [];

    public string OperatorName { get; set; } = "admin";
}
