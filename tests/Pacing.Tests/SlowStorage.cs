using System.Collections.Concurrent;
using Eals.Grains.Pacing;
using Orleans.Storage;

namespace Eals.Pacing.Tests;

/// <summary>
/// Grain storage whose writes take as long as a database commit does (10 ms), counting the site pacers'
/// writes and keeping the last leases each of them stored. One instance, shared like a database.
/// </summary>
public sealed class SlowStorage : IGrainStorage
{
    public static readonly TimeSpan WriteTime = TimeSpan.FromMilliseconds(10);

    public static SlowStorage Instance { get; } = new();

    private readonly ConcurrentDictionary<GrainId, int> _storedLeases = new();
    private int _sitePacerWrites;

    public int SitePacerWrites => Volatile.Read(ref _sitePacerWrites);

    /// <summary>The leases in flight the site's last completed write holds.</summary>
    public int StoredLeases(GrainId site) => _storedLeases.GetValueOrDefault(site);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        int? leases = grainState.State is SitePacerGrainState site ? site.Deadlines.Values.Sum() + site.Leases.Count : null;
        await Task.Delay(WriteTime);
        if (leases is { } count)
        {
            Interlocked.Increment(ref _sitePacerWrites);
            _storedLeases[grainId] = count;
        }
        grainState.ETag = Guid.NewGuid().ToString("N");
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
}
