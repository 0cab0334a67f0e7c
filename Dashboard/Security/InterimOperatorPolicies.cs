using Microsoft.AspNetCore.Authorization;

namespace Eals.Dashboard.Security;

/// <summary>
/// Registers the operator policies for the bearer-token operator until operator accounts and roles
/// arrive (branch `auth`), which register them properly: drop this class and its one call then.
/// </summary>
public static class InterimOperatorPolicies
{
    public static AuthorizationOptions AddInterimOperatorPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(OperatorPolicies.View, policy => policy.RequireAuthenticatedUser());
        options.AddPolicy(OperatorPolicies.Approve, policy => policy.RequireRole(OperatorPolicies.Approve, OperatorPolicies.Administer));
        options.AddPolicy(OperatorPolicies.Administer, policy => policy.RequireRole(OperatorPolicies.Administer));
        return options;
    }
}
