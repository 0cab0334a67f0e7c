using Eals.Dashboard.Live;
using Eals.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Eals.Dashboard.Api;

/// <summary>
/// <c>GET /api/events</c>: server-sent events (policy <c>view</c>): <c>fleet</c> (as <c>GET /api/fleet</c>),
/// <c>approvals</c> (<c>{total, items}</c>, pending records) whenever they change, <c>pledges</c>
/// (<c>{missed, changes: [{serial, status, updatedAt}]}</c>) as pledges change state; a comment line as heartbeat
/// every <see cref="HeartbeatEvery"/>; clients reconnect after <c>retry</c> milliseconds.
/// </summary>
public static class LiveEndpoints
{
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    public const int RetryMilliseconds = 3000;

    public static RouteHandlerBuilder MapLiveEvents(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/events", StreamAsync)
            .RequireAuthorization(OperatorPolicies.View)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");

    private static async Task StreamAsync(HttpContext http, LiveEventHub hub, CancellationToken cancellation)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache,no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var subscription = hub.Subscribe();
        try
        {
            await WriteAsync(http, $"retry: {RetryMilliseconds}\n\n", cancellation);
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                quiet.CancelAfter(HeartbeatEvery);
                LiveEvent item;
                try
                {
                    item = await subscription.Reader.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    await WriteAsync(http, ": heartbeat\n\n", cancellation);
                    continue;
                }
                await WriteAsync(http, $"event: {item.Type}\ndata: {item.Json}\n\n", cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken cancellation)
    {
        await http.Response.WriteAsync(text, cancellation);
        await http.Response.Body.FlushAsync(cancellation);
    }
}
