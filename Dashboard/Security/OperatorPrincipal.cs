using System.Security.Claims;
using Eals.Grains.Operators;

namespace Eals.Dashboard.Security;

/// <summary>The principal every scheme produces: a name and the operator's roles, implied roles included.</summary>
public static class OperatorPrincipal
{
    /// <summary>Ties a cookie session to the account's current password and roles.</summary>
    public const string StampClaim = "eals:stamp";

    public static ClaimsPrincipal Create(string name, IEnumerable<string> roles, string scheme, params Claim[] extra)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.NameIdentifier, name) };
        claims.AddRange(OperatorRoles.Expand(roles).Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The operator's roles, implied ones included.</summary>
    public static IReadOnlyList<string> Roles(ClaimsPrincipal user) => [.. OperatorRoles.All.Where(user.IsInRole)];

    /// <summary>The scheme that authenticated the request (null when anonymous).</summary>
    public static string? Scheme(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true } identity ? identity.AuthenticationType : null;
}
