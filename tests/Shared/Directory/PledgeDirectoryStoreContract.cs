using Eals.Grains.Fleet;
using Eals.Grains.Pledges;

namespace Eals.Tests.Shared;

/// <summary>
/// What every pledge directory store does, run against each (SQLite in Silo.Tests, PostgreSQL in Cluster.Tests):
/// batches stored with their counts, the newest entry per pledge winning, certificates recorded once, searches
/// paged by serial with their totals, certificates newest first.
/// </summary>
public abstract class PledgeDirectoryStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IPledgeDirectoryStore> OpenAsync();

    protected static PledgeDirectoryEntry Entry(string serial, PledgeStatus status, int second) => new(serial, status, T0.AddSeconds(second).AddTicks(7));

    protected static IssuedCertificateEntry Certificate(string serialHex, string pledge, int second, bool reEnrollment = false) =>
        new(serialHex, pledge, $"CN={pledge}", T0.AddSeconds(second), T0.AddYears(1).AddSeconds(second), reEnrollment);

    private static async Task<Dictionary<PledgeStatus, long>> NonZeroCountsAsync(IPledgeDirectoryStore store) =>
        (await store.CountAsync()).Where(c => c.Value != 0).ToDictionary();

    [Fact]
    public async Task A_batch_is_stored_with_its_counts_and_tells_its_changes_and_new_certificates()
    {
        var store = await OpenAsync();
        var a = Entry("A", PledgeStatus.EdhocInProgress, 1);
        var b = Entry("B", PledgeStatus.Enrolled, 2);
        var c = Entry("C", PledgeStatus.Failed, 3);
        var issued = Certificate("0B", "B", 2, reEnrollment: true);

        var outcome = await store.WriteAsync([c, a, b], [issued]);

        Assert.Equal([a, b, c], outcome.Changes);
        Assert.Equal([issued], outcome.Recorded);
        var counts = await store.CountAsync();
        Assert.Equal(Enum.GetValues<PledgeStatus>().Length, counts.Count);
        Assert.Equal(new Dictionary<PledgeStatus, long> { [PledgeStatus.EdhocInProgress] = 1, [PledgeStatus.Enrolled] = 1, [PledgeStatus.Failed] = 1 }, await NonZeroCountsAsync(store));
        var all = await store.SearchAsync(new PledgeQuery(null, null), 0, 50);
        Assert.Equal(3, all.Total);
        Assert.Equal([a, b, c], all.Items);
        var certificates = await store.ListCertificatesAsync(0, 50);
        Assert.Equal(1, certificates.Total);
        Assert.Equal([issued], certificates.Items);
    }

    [Fact]
    public async Task The_newest_entry_of_a_pledge_wins_in_whatever_order_batches_arrive()
    {
        var store = await OpenAsync();
        await store.WriteAsync([Entry("A", PledgeStatus.Enrolled, 10)], []);

        var older = await store.WriteAsync([Entry("A", PledgeStatus.EdhocInProgress, 5)], []);
        var sameTime = await store.WriteAsync([Entry("A", PledgeStatus.Failed, 10)], []);

        Assert.Empty(older.Changes);
        Assert.Empty(sameTime.Changes);
        Assert.Equal([Entry("A", PledgeStatus.Enrolled, 10)], (await store.SearchAsync(new PledgeQuery("A", null), 0, 10)).Items);

        var newer = await store.WriteAsync([Entry("A", PledgeStatus.ReEnrolled, 20), Entry("B", PledgeStatus.Failed, 1), Entry("B", PledgeStatus.Enrolled, 2)], []);

        Assert.Equal([Entry("A", PledgeStatus.ReEnrolled, 20), Entry("B", PledgeStatus.Enrolled, 2)], newer.Changes);
        Assert.Equal(new Dictionary<PledgeStatus, long> { [PledgeStatus.ReEnrolled] = 1, [PledgeStatus.Enrolled] = 1 }, await NonZeroCountsAsync(store));
    }

    [Fact]
    public async Task A_batch_written_again_changes_nothing_and_records_no_certificate_twice()
    {
        var store = await OpenAsync();
        PledgeDirectoryEntry[] entries = [Entry("A", PledgeStatus.Enrolled, 1), Entry("B", PledgeStatus.Enrolled, 1)];
        IssuedCertificateEntry[] issued = [Certificate("0A", "A", 1), Certificate("0B", "B", 1)];
        await store.WriteAsync(entries, issued);

        var again = await store.WriteAsync(entries, [issued[1], issued[0], issued[1]]);

        Assert.Empty(again.Changes);
        Assert.Empty(again.Recorded);
        Assert.Equal(new Dictionary<PledgeStatus, long> { [PledgeStatus.Enrolled] = 2 }, await NonZeroCountsAsync(store));
        Assert.Equal(2, (await store.ListCertificatesAsync(0, 50)).Total);
    }

    [Fact]
    public async Task An_entry_with_a_certificate_is_a_change_even_in_the_same_state()
    {
        var store = await OpenAsync();
        await store.WriteAsync([Entry("A", PledgeStatus.Enrolled, 1)], [Certificate("01", "A", 1)]);

        var reEnrolled = await store.WriteAsync([Entry("A", PledgeStatus.Enrolled, 2)], [Certificate("02", "A", 2)]);
        var quiet = await store.WriteAsync([Entry("A", PledgeStatus.Enrolled, 3)], []);

        Assert.Equal([Entry("A", PledgeStatus.Enrolled, 2)], reEnrolled.Changes);
        Assert.Equal([Certificate("02", "A", 2)], reEnrolled.Recorded);
        Assert.Empty(quiet.Changes);
        Assert.Equal(new Dictionary<PledgeStatus, long> { [PledgeStatus.Enrolled] = 1 }, await NonZeroCountsAsync(store));
    }

    [Fact]
    public async Task Search_pages_by_serial_with_totals_by_substring_in_any_case_and_by_state()
    {
        var store = await OpenAsync();
        var fleet = Enumerable.Range(0, 120).Select(i => Entry($"ACME-{i:D4}", i % 3 == 0 ? PledgeStatus.Failed : PledgeStatus.Enrolled, i)).ToList();
        await store.WriteAsync([.. fleet, Entry("odd_one%", PledgeStatus.Enrolled, 1), Entry("oddXoneY", PledgeStatus.Enrolled, 1)], []);

        var first = await store.SearchAsync(new PledgeQuery(null, null), 0, 50);
        Assert.Equal(122, first.Total);
        Assert.Equal(fleet.Take(50), first.Items);

        var byText = await store.SearchAsync(new PledgeQuery("acme-01", null), 0, 50);
        Assert.Equal(20, byText.Total);
        Assert.Equal(fleet.Skip(100), byText.Items);

        var failed = fleet.Where(e => e.Status == PledgeStatus.Failed).ToList();
        var byState = await store.SearchAsync(new PledgeQuery("Acme", PledgeStatus.Failed), 10, 50);
        Assert.Equal(40, byState.Total);
        Assert.Equal(failed.Skip(10), byState.Items);
        var stateOnly = await store.SearchAsync(new PledgeQuery(null, PledgeStatus.Failed), 35, 10);
        Assert.Equal(40, stateOnly.Total);
        Assert.Equal(failed.Skip(35), stateOnly.Items);

        // LIKE's wildcards in the text are plain characters.
        Assert.Equal(["odd_one%"], (await store.SearchAsync(new PledgeQuery("_one%", null), 0, 50)).Items.Select(e => e.Serial));
        Assert.Equal(1, (await store.SearchAsync(new PledgeQuery("D_O", null), 0, 50)).Total);

        var beyond = await store.SearchAsync(new PledgeQuery("ACME", PledgeStatus.Enrolled), 100, 50);
        Assert.Equal(80, beyond.Total);
        Assert.Empty(beyond.Items);
        Assert.Equal(0, (await store.SearchAsync(new PledgeQuery("nobody", null), 0, 50)).Total);
    }

    [Fact]
    public async Task Certificates_are_listed_newest_first_then_by_serial_number_with_their_total()
    {
        var store = await OpenAsync();
        IssuedCertificateEntry[] issued =
            [Certificate("05", "E", 3), Certificate("01", "A", 1), Certificate("04", "D", 5), Certificate("03", "C", 3), Certificate("02", "B", 2)];
        await store.WriteAsync([], issued);

        var first = await store.ListCertificatesAsync(0, 3);
        var rest = await store.ListCertificatesAsync(3, 3);

        Assert.Equal(5, first.Total);
        Assert.Equal(["04", "03", "05"], first.Items.Select(c => c.SerialHex));
        Assert.Equal(["02", "01"], rest.Items.Select(c => c.SerialHex));
        Assert.Equal(issued[2], first.Items[0]);
    }

    [Fact]
    public async Task Pages_deeper_than_the_directory_allows_are_refused()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.SearchAsync(new PledgeQuery(null, null), PledgeDirectory.MaxDepth, 1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListCertificatesAsync(-1, 10));
    }
}
