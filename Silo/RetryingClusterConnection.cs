using Microsoft.Extensions.Logging;
using Orleans;

namespace Eals.Silo;

/// <summary>
/// Lets a stand-alone gateway's Orleans client keep trying to reach the cluster (silos still starting,
/// database not up yet) instead of exiting: the process stays alive, answers <c>/readyz</c> 503
/// meanwhile, and turns ready once connected.
/// </summary>
public sealed partial class RetryingClusterConnection(ILogger<RetryingClusterConnection> logger) : IClientConnectionRetryFilter
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        LogConnectionFailed(exception.GetType().Name, exception.Message);
        try
        {
            await Task.Delay(RetryDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster cannot be reached yet ({Error}: {Detail}); retrying")]
    private partial void LogConnectionFailed(string error, string detail);
}
