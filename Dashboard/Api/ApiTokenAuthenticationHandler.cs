using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Eals.Dashboard.Security;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Dashboard.Api;

/// <summary>Authenticates <c>Authorization: Bearer TOKEN</c> against the configured token's hash, in constant time.</summary>
public sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<ApiTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiTokenOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        byte[] presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        if (Options.TokenSha256.Length != presented.Length || !CryptographicOperations.FixedTimeEquals(presented, Options.TokenSha256))
        {
            return Task.FromResult(AuthenticateResult.Fail("invalid token"));
        }
        var principal = OperatorPrincipal.Create(Options.OperatorName, [OperatorRoles.Admin], ApiTokenOptions.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, ApiTokenOptions.Scheme)));
    }
}
