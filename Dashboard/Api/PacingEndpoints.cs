using Eals.Grains;
using Eals.Dashboard.Security;
using Eals.Grains.Pacing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Api;

/// <summary>
/// Admission pacing, read (view policy) and changed (admin) at run time; problem details on errors:
/// <code>
/// GET /api/pacing            settings in force, totals and each site's figures
/// PUT /api/pacing            {"maxInFlight": 200, "defaultSiteCap": 20, "admissionRate": 50,
///                             "admissionBurst": 50, "siteCaps": {"proxy:[::ffff:10.0.0.7]:5683": 4, "old": null}}
/// </code>
/// Absent fields keep their value; a site cap of null removes that site's own cap.
/// </summary>
public static class PacingEndpoints
{
    public static RouteGroupBuilder MapPacingApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        api.MapGet("/pacing", async (IGrainFactory grains) => Results.Ok(View(await grains.Reference<IClusterPacerGrain>(0).GetViewAsync())))
            .RequireAuthorization(OperatorPolicies.View);
        api.MapPut("/pacing", async (PacingSettingsUpdate update, IGrainFactory grains) =>
        {
            var pacer = grains.Reference<IClusterPacerGrain>(0);
            var result = await pacer.UpdateSettingsAsync(update);
            return result.Problem is { } problem
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Pacing settings refused", detail: problem)
                : Results.Ok(View(await pacer.GetViewAsync()));
        }).RequireAuthorization(OperatorPolicies.Administer);
        return api;
    }

    private static object View(ClusterPacingView view) => new
    {
        settings = view.Settings,
        inFlight = view.InFlight,
        reserved = view.Reserved,
        waiting = view.Waiting,
        sites = view.Sites,
    };
}
