using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Tells the pledge directory of pledge changes in batches (design: shared grains are told in batches, never
/// once per step per pledge). Pledge grains hand their change over here and go on; every
/// <see cref="FlushEvery"/> the changes gathered on this silo are written to the directory's store in one
/// transaction, and what they changed goes to the fleet statistics (<see cref="FleetReports"/>). A pledge's later
/// change replaces its earlier one in the same batch (the directory lists the latest state). A batch the store
/// does not take is kept and written again with the next one.
/// The directory is an index of the pledge grains' own records: a silo that dies loses at most its last
/// <see cref="FlushEvery"/> of changes, and a pledge whose change was not taken in is listed again at its
/// next change or activation (<see cref="Pledges.PledgeGrain"/> keeps what it last had confirmed).
/// </summary>
public sealed partial class PledgeDirectoryUpdates(IPledgeDirectoryStore store, FleetReports reports, TimeProvider time, ILogger<PledgeDirectoryUpdates> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>Changes held at most while the store does not take them; beyond it the oldest are dropped (their pledges re-list later).</summary>
    public const int Capacity = 200_000;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>Queues a pledge's change; with <paramref name="issued"/>, the certificate its enrollment just got.</summary>
    public void Enqueue(PledgeDirectoryEntry entry, IssuedCertificateEntry? issued)
    {
        lock (_gate)
        {
            var earlier = _pending.GetValueOrDefault(entry.Serial);
            var certificates = earlier?.Issued ?? [];
            if (issued is not null)
            {
                certificates = [.. certificates, issued];
            }
            if (earlier is null && _pending.Count >= Capacity)
            {
                LogDropped(logger, Capacity, entry.Serial);
                return;
            }
            _pending[entry.Serial] = new Pending(entry, certificates);
        }
    }

    /// <summary>Writes what is queued now (also used at shut-down, so a silo stopping in order loses nothing).</summary>
    public async Task FlushAsync()
    {
        // One flush at a time: a caller returns only once everything queued before its call is written,
        // including what a flush already under way took.
        await _flushing.WaitAsync();
        try
        {
            await FlushPendingAsync();
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task FlushPendingAsync()
    {
        Dictionary<string, Pending> batch;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            batch = _pending;
            _pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
        }
        var changes = batch.Values.ToList();
        try
        {
            var outcome = await store.WriteAsync([.. changes.Select(c => c.Entry)], [.. changes.SelectMany(c => c.Issued)]);
            reports.Submit(FleetReport.Of(outcome));
        }
        catch (Exception exception) when (exception is DbException or TimeoutException or InvalidOperationException)
        {
            LogNotStored(logger, changes.Count, exception.Message);
            Requeue(changes);
        }
    }

    // Put back under anything newer that arrived meanwhile: a newer entry wins, certificates are all kept.
    private void Requeue(List<Pending> changes)
    {
        lock (_gate)
        {
            foreach (var change in changes)
            {
                _pending[change.Entry.Serial] = _pending.TryGetValue(change.Entry.Serial, out var newer)
                    ? newer with { Issued = [.. change.Issued, .. newer.Issued] }
                    : change;
            }
        }
    }

    // Runs while the silo is active; stopping sends what is queued while grains can still be called.
    public void Participate(ISiloLifecycle lifecycle) =>
        new PeriodicSiloWork(nameof(PledgeDirectoryUpdates), FlushEvery, time, FlushAsync).Participate(lifecycle);

    private sealed record Pending(PledgeDirectoryEntry Entry, IssuedCertificateEntry[] Issued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The pledge directory did not take {Count} pledge changes now ({Reason}); they go again with the next batch")]
    private static partial void LogNotStored(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pledge directory updates are {Capacity} behind; the change of pledge {Serial} waits for its next one")]
    private static partial void LogDropped(ILogger logger, int capacity, string serial);
}
