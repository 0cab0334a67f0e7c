using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Security;

/// <summary>The endpoints of operator security: login and session, accounts, audit log.</summary>
public static class OperatorSecurityEndpoints
{
    public static IEndpointRouteBuilder MapOperatorSecurity(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapOperatorLogin().MapOperatorAccounts().MapOperatorAudit();
}
