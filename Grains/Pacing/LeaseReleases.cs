using Eals.Grains.Fleet;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Pacing;

/// <summary>
/// Gives ended enrollments' slots back to their sites in batches (design: shared grains are told in batches,
/// never once per step per pledge): every <see cref="SendEvery"/> one call per site carries this silo's
/// releases. A grain hands its lease over here and goes on. A batch a site does not take is kept and sent
/// again; one lost with the silo is not leaked either, the site ends the lease when it runs out.
/// </summary>
public sealed partial class LeaseReleases(IGrainFactory grains, TimeProvider time, ILogger<LeaseReleases> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan SendEvery = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private Dictionary<string, List<LeaseRelease>> _pending = new(StringComparer.Ordinal);

    public void Enqueue(PacingLease lease, string outcome, bool handshakeDone = false)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(lease.Site, out var releases))
            {
                _pending[lease.Site] = releases = [];
            }
            releases.Add(new LeaseRelease(lease.Id, outcome, handshakeDone));
        }
    }

    public async Task SendAsync()
    {
        Dictionary<string, List<LeaseRelease>> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            batch = _pending;
            _pending = new Dictionary<string, List<LeaseRelease>>(StringComparer.Ordinal);
        }
        await Task.WhenAll(batch.Select(async site =>
        {
            try
            {
                await grains.Reference<ISitePacerGrain>(site.Key).ReleaseManyAsync([.. site.Value]);
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                LogNotSent(logger, site.Value.Count, site.Key, exception.Message);
                lock (_gate)
                {
                    if (!_pending.TryGetValue(site.Key, out var newer))
                    {
                        _pending[site.Key] = newer = [];
                    }
                    newer.InsertRange(0, site.Value);
                }
            }
        }));
    }

    // Runs while the silo is active; stopping sends what is queued while grains can still be called.
    public void Participate(ISiloLifecycle lifecycle) =>
        new PeriodicSiloWork(nameof(LeaseReleases), SendEvery, time, SendAsync).Participate(lifecycle);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pacing site {Site} did not take {Count} lease releases now ({Reason}); they go again with the next")]
    private static partial void LogNotSent(ILogger logger, int count, string site, string reason);
}
