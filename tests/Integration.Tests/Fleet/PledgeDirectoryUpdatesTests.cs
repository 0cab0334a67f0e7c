using System.Data.Common;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Integration.Tests.Fleet;

/// <summary>The silo's batching of directory changes: one store write per flush, a failed write kept for the next.</summary>
public sealed class PledgeDirectoryUpdatesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private sealed class StoreDown() : DbException("the store is down");

    /// <summary>Remembers each write; fails the next ones while <see cref="Failing"/> is above zero.</summary>
    private sealed class RecordingStore : IPledgeDirectoryStore
    {
        public List<(PledgeDirectoryEntry[] Entries, IssuedCertificateEntry[] Issued)> Writes { get; } = [];

        public int Failing { get; set; }

        public Task<DirectoryWriteOutcome> WriteAsync(IReadOnlyCollection<PledgeDirectoryEntry> entries, IReadOnlyCollection<IssuedCertificateEntry> issued, CancellationToken cancellationToken = default)
        {
            if (Failing-- > 0)
            {
                throw new StoreDown();
            }
            Writes.Add(([.. entries], [.. issued]));
            return Task.FromResult(new DirectoryWriteOutcome([.. entries], [.. issued]));
        }

        public Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int skip, int take, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int skip, int take, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<PledgeStatus, long>> CountAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static PledgeDirectoryUpdates Updates(RecordingStore store) =>
        new(store, new FleetReports(null!, TimeProvider.System, NullLogger<FleetReports>.Instance), TimeProvider.System, NullLogger<PledgeDirectoryUpdates>.Instance);

    private static IssuedCertificateEntry Issued(string serialHex, string pledge) => new(serialHex, pledge, "CN=" + pledge, At, At.AddYears(1), false);

    [Fact]
    public async Task A_flush_is_one_write_of_each_pledges_latest_change_and_every_certificate()
    {
        var store = new RecordingStore();
        var updates = Updates(store);
        for (int i = 0; i < 300; i++)
        {
            updates.Enqueue(new PledgeDirectoryEntry($"P{i:D3}", PledgeStatus.EdhocInProgress, At), null);
            updates.Enqueue(new PledgeDirectoryEntry($"P{i:D3}", PledgeStatus.Enrolled, At.AddSeconds(1)), Issued($"{i:X4}", $"P{i:D3}"));
        }

        await updates.FlushAsync();
        await updates.FlushAsync();

        var write = Assert.Single(store.Writes);
        Assert.Equal(300, write.Entries.Length);
        Assert.All(write.Entries, e => Assert.Equal(PledgeStatus.Enrolled, e.Status));
        Assert.Equal(300, write.Issued.Length);
    }

    [Fact]
    public async Task A_batch_the_store_did_not_take_goes_with_the_next_flush_under_newer_changes()
    {
        var store = new RecordingStore { Failing = 1 };
        var updates = Updates(store);
        updates.Enqueue(new PledgeDirectoryEntry("A", PledgeStatus.Enrolled, At), Issued("01", "A"));
        updates.Enqueue(new PledgeDirectoryEntry("B", PledgeStatus.Failed, At), null);

        await updates.FlushAsync();
        Assert.Empty(store.Writes);
        updates.Enqueue(new PledgeDirectoryEntry("A", PledgeStatus.ReEnrolled, At.AddSeconds(5)), Issued("02", "A"));
        await updates.FlushAsync();

        var write = Assert.Single(store.Writes);
        Assert.Equal([("A", PledgeStatus.ReEnrolled), ("B", PledgeStatus.Failed)], write.Entries.Select(e => (e.Serial, e.Status)).Order());
        Assert.Equal(["01", "02"], write.Issued.Select(c => c.SerialHex).Order(StringComparer.Ordinal));
    }
}
