using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Security;

/// <summary>
/// The operator audit log (admin: it names who failed to log in and from where):
/// <code>
/// GET /api/audit?day=YYYY-MM-DD&amp;page=0   {"day": ..., "page": 0, "nextPage": 1 | null, "entries": [...]}  (UTC day; today by default)
/// </code>
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapOperatorAudit(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OperatorRequests.ApiPrefix + "/audit", async (string? day, int? page, [FromServices] OperatorAuditLog audit, [FromServices] TimeProvider time) =>
        {
            DateOnly date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            if (day is not null && !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad day", detail: "Give the UTC day as day=YYYY-MM-DD.");
            }
            if (page is < 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad page", detail: "Pages count from 0.");
            }
            var read = await audit.ReadAsync(date, page ?? 0);
            return Results.Ok(new
            {
                day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                page = page ?? 0,
                nextPage = read.Full ? (page ?? 0) + 1 : (int?)null,
                entries = read.Entries,
            });
        }).RequireAuthorization(OperatorPolicies.Administer);
        return endpoints;
    }
}
