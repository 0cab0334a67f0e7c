using Eals.Grains;
using Eals.Grains.Approvals;
using Eals.Dashboard.Security;
using Eals.Grains.Pledges;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Api;

/// <summary>
/// The operator JSON API for approvals and pledges (reading: view policy; deciding: approve; problem details on errors):
/// <code>
/// GET  /api/approvals                 pending approvals (with the voucher's details)
/// GET  /api/approvals/{serial}        one pledge's approval record
/// POST /api/approvals/{serial}/approve  {"reason": "..."}   (also before the pledge asks: pre-approval)
/// POST /api/approvals/{serial}/reject   {"reason": "..."}
/// GET  /api/pledges/{serial}          state, certificate and timeline
/// </code>
/// </summary>
public static class ApprovalEndpoints
{
    public static RouteGroupBuilder MapApprovalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        api.MapGet("/approvals", async (IGrainFactory grains) => Results.Ok(await PendingApprovals.ReadAsync(grains)))
            .RequireAuthorization(OperatorPolicies.View);
        api.MapGet("/approvals/{serial}", async (string serial, IGrainFactory grains) =>
            await grains.Reference<IApprovalGrain>(serial).GetAsync() is { } record
                ? Results.Ok(record)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No approval record", detail: $"No pledge with serial '{serial}' has asked for approval."))
            .RequireAuthorization(OperatorPolicies.View);
        api.MapPost("/approvals/{serial}/approve", (string serial, DecisionRequest body, HttpContext http, IGrainFactory grains) => DecideAsync(serial, true, body, http, grains))
            .RequireAuthorization(OperatorPolicies.Approve);
        api.MapPost("/approvals/{serial}/reject", (string serial, DecisionRequest body, HttpContext http, IGrainFactory grains) => DecideAsync(serial, false, body, http, grains))
            .RequireAuthorization(OperatorPolicies.Approve);
        api.MapGet("/pledges/{serial}", async (string serial, IGrainFactory grains) =>
        {
            var view = await grains.Reference<IPledgeGrain>(serial).GetAsync();
            return view.Status == PledgeStatus.Unknown && view.Timeline.Count == 0
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown pledge", detail: $"No pledge with serial '{serial}' has been seen.")
                : Results.Ok(view);
        }).RequireAuthorization(OperatorPolicies.View);
        return api;
    }

    private static async Task<IResult> DecideAsync(string serial, bool approve, DecisionRequest body, HttpContext http, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A reason is required", detail: "Every decision is audited with its reason: send {\"reason\": \"...\"}.");
        }
        string operatorName = http.User.Identity?.Name ?? "unknown";
        try
        {
            return Results.Ok(await grains.Reference<IApprovalGrain>(serial).DecideAsync(approve, operatorName, body.Reason.Trim()));
        }
        catch (InvalidOperationException conflict)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided", detail: conflict.Message);
        }
    }
}
