using Eals.Grains;
using System.Collections.Concurrent;
using System.Text.Json;
using Eals.Dashboard.Api;
using Eals.Grains.Approvals;
using Eals.Grains.Fleet;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Eals.Dashboard.Live;

/// <summary>
/// The one producer of live events in this process: while any client listens, it asks the grains once per
/// <see cref="PollEvery"/> (fleet figures, the approval queue, state changes since the last ask) and fans
/// what changed out to every client, so the grains' load does not grow with the number of clients. A new
/// client gets the latest fleet figures and approval queue at once.
/// </summary>
public sealed partial class LiveEventHub(IGrainFactory grains, IPledgeDirectoryStore directory, IOptions<JsonOptions> json, ILogger<LiveEventHub> logger) : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    /// <summary>Approval records sent at most per event (the queue holds only undecided pledges; the count is always whole).</summary>
    public const int MaxApprovalsPerEvent = 200;

    private readonly ConcurrentDictionary<LiveSubscription, byte> _clients = new();
    private readonly ConcurrentDictionary<string, LiveEvent> _latest = new(StringComparer.Ordinal);
    private long _changeSequence = -1;
    private IReadOnlyList<string>? _pendingSerials;

    public int ClientCount => _clients.Count;

    public LiveSubscription Subscribe()
    {
        var subscription = LiveSubscription.Create(s => _clients.TryRemove(s, out _));
        _clients[subscription] = 0;
        foreach (var latest in _latest.Values)
        {
            subscription.Offer(latest);
        }
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_clients.IsEmpty)
            {
                // Nobody listens: forget what was sent, so the next client starts from fresh figures.
                _latest.Clear();
                _changeSequence = -1;
                _pendingSerials = null;
                continue;
            }
            try
            {
                await PollAsync();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogPollFailed(logger, exception.Message);
            }
        }
    }

    private async Task PollAsync()
    {
        var pending = await grains.Reference<IApprovalQueueGrain>(0).ListAsync();
        Publish(LiveEvent.Fleet, await FleetOverview.ReadAsync(grains, directory, FleetOverview.DefaultMinutes, pending));
        if (_pendingSerials is null || !_pendingSerials.SequenceEqual(pending, StringComparer.Ordinal))
        {
            // The records are read only when the queue changed: an unchanged queue costs one grain call.
            var records = await PendingApprovals.ReadAsync(grains, [.. pending.Take(MaxApprovalsPerEvent)]);
            Publish(LiveEvent.Approvals, new { total = pending.Count, items = records });
            _pendingSerials = pending;
        }

        var stats = grains.Reference<IFleetStatsGrain>(0);
        var changes = await stats.GetChangesSinceAsync(_changeSequence < 0 ? long.MaxValue : _changeSequence);
        if (changes.Sequence < _changeSequence)
        {
            // The statistics grain started over (its silo restarted): its numbering did too.
            changes = await stats.GetChangesSinceAsync(0);
        }
        if (_changeSequence >= 0 && (changes.Changes.Count > 0 || changes.Missed))
        {
            Publish(LiveEvent.Pledges, new { missed = changes.Missed, changes = changes.Changes });
        }
        _changeSequence = changes.Sequence;
    }

    // Fleet figures and the queue go out when they differ from what was sent last; state changes always.
    private void Publish(string type, object data)
    {
        var item = new LiveEvent(type, JsonSerializer.Serialize(data, json.Value.SerializerOptions));
        if (type != LiveEvent.Pledges)
        {
            if (_latest.TryGetValue(type, out var previous) && previous.Json == item.Json)
            {
                return;
            }
            _latest[type] = item;
        }
        foreach (var client in _clients.Keys)
        {
            client.Offer(item);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live events: the grains did not answer ({Reason}); trying again")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
