using System.Security.Claims;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Eals.Dashboard.Security;

/// <summary>
/// Turns a validated OIDC token into an operator: its name from <see cref="OidcOptions.NameClaim"/> (or
/// <c>sub</c>), its roles from <see cref="OidcOptions.RoleClaim"/> through <see cref="OidcOptions.RoleMap"/>.
/// A token without any of our roles authenticates but is no operator (403 everywhere).
/// </summary>
public static class OidcRoleMapping
{
    public static Task OnTokenValidated(TokenValidatedContext context, OidcOptions options)
    {
        var token = context.Principal!;
        string name = token.FindFirst(options.NameClaim)?.Value ?? token.FindFirst("sub")?.Value ?? "oidc";
        var roles = token.FindAll(options.RoleClaim).Select(c => Map(c.Value, options)).OfType<string>();
        context.Principal = OperatorPrincipal.Create(name, roles, OperatorSchemes.Oidc);
        return Task.CompletedTask;
    }

    private static string? Map(string value, OidcOptions options) =>
        options.RoleMap.TryGetValue(value, out string? mapped) ? (OperatorRoles.IsRole(mapped) ? mapped : null)
        : OperatorRoles.IsRole(value) ? value : null;
}
