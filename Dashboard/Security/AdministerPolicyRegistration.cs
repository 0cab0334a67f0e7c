using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard.Security;

/// <summary>
/// The <see cref="OperatorPolicies.Administer"/> policy: the "admin" role, which the operator bearer
/// token carries. Registering it again (operator accounts define all policies) replaces it by name.
/// </summary>
public static class AdministerPolicyRegistration
{
    public static IServiceCollection AddOperatorAdministerPolicy(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(OperatorPolicies.Administer, policy => policy.RequireRole("admin"));
        return services;
    }
}
