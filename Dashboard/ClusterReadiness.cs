using Eals.Grains;
using Microsoft.AspNetCore.Http;

namespace Eals.Dashboard;

/// <summary>
/// Readiness of a silo or a stand-alone gateway: the cluster answers a grain call (membership joined,
/// storage reachable) within <see cref="Timeout"/>; 503 problem details otherwise.
/// </summary>
public static class ClusterReadiness
{
    public const string Path = "/readyz";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> ProbeAsync(IGrainFactory grains, CancellationToken cancellation)
    {
        try
        {
            await grains.Reference<Grains.Pacing.IClusterPacerGrain>(0).GetSettingsAsync().WaitAsync(Timeout, cancellation);
            return Results.Text("ready");
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or InvalidOperationException)
        {
            return NotReady($"The cluster does not answer yet ({exception.GetType().Name}).");
        }
    }

    public static IResult NotReady(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: detail);
}
