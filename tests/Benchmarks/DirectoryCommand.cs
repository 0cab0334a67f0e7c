using System.Diagnostics;
using System.Globalization;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Silo.Cluster;
using Eals.Silo.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Eals.Benchmarks;

/// <summary>
/// The pledge directory at fleet scale (issue 14): N pledges (and a certificate for each enrolled one) written
/// through the directory's store in batches, into a SQLite file as the embedded default keeps it (synchronous
/// FULL) or with <c>--postgres</c> into a throw-away PostgreSQL; then, with all N stored, p50/p99 of the
/// flush-sized writes the silos make and of the operator API's queries (<c>/api/pledges?q=</c>, a state's page,
/// the counts behind <c>/api/fleet</c>, <c>/api/certificates</c>), and the GROUP BY that the counts table saves.
/// </summary>
public static class DirectoryCommand
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var line = new CommandLine(args);
        int rows = line.GetInt("--rows", 1_000_000);
        int batchSize = line.GetInt("--batch", 5_000);
        int runs = line.GetInt("--runs", 40);
        bool postgres = line.Has("--postgres");
        string work = Path.Combine(Path.GetTempPath(), "eals-directory-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        PostgresServer? server = null;
        SqliteFileConnections? file = null;
        try
        {
            IPledgeDirectoryStore store;
            Func<Task<long>> groupBy;
            Func<long> size;
            if (postgres)
            {
                server = await PostgresServer.StartAsync(work);
                await PostgresSchema.EnsureAsync(server.ConnectionString);
                store = new PostgresPledgeDirectoryStore(server.ConnectionString);
                groupBy = () => CountByGroupByAsync(new NpgsqlConnection(server.ConnectionString));
                size = server.DataBytes;
                await using var connection = new NpgsqlConnection(server.ConnectionString);
                await connection.OpenAsync();
                await using var indexes = new NpgsqlCommand("SELECT string_agg(indexname, ', ') FROM pg_indexes WHERE tablename = 'pledge_directory'", connection);
                Console.WriteLine($"indexes of pledge_directory: {await indexes.ExecuteScalarAsync()}");
            }
            else
            {
                string path = Path.Combine(work, "grains.db");
                file = new SqliteFileConnections("directory", path, synchronousFull: true);
                store = new SqlitePledgeDirectoryStore(file);
                groupBy = () => CountByGroupByAsync(new SqliteConnection(file.ConnectionString));
                size = () => Directory.EnumerateFiles(work, "grains.db*").Sum(f => new FileInfo(f).Length);
            }
            Console.WriteLine($"pledge directory on {(postgres ? "PostgreSQL" : "SQLite")}: {rows:N0} pledges in batches of {batchSize:N0}, {runs} runs a query");

            var random = new Random(14);
            var serials = Enumerable.Range(0, rows).Select(i => $"EALS-{random.Next(0x1000000):X6}-{i:D7}").ToArray();
            var clock = Stopwatch.StartNew();
            for (int first = 0; first < rows; first += batchSize)
            {
                var entries = new List<PledgeDirectoryEntry>();
                var issued = new List<IssuedCertificateEntry>();
                for (int i = first; i < Math.Min(rows, first + batchSize); i++)
                {
                    var status = StatusOf(i);
                    var at = Start.AddMilliseconds(i);
                    entries.Add(new PledgeDirectoryEntry(serials[i], status, at));
                    if (status is PledgeStatus.Enrolled or PledgeStatus.ReEnrolled)
                    {
                        issued.Add(new IssuedCertificateEntry($"{(ulong)random.NextInt64():X16}", serials[i], $"CN={serials[i]}", at, at.AddYears(2), status == PledgeStatus.ReEnrolled));
                    }
                }
                await store.WriteAsync(entries, issued);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"inserted: {rows:N0} pledges in {seconds:F1} s = {rows / seconds:N0} pledges/s (with their certificates); stored {size() / 1048576.0:F1} MiB");

            // A silo's flush at 150 enrollments/s: about 75 pledges changing state, a certificate for a third of them.
            int flush = 0;
            await ReportAsync("write: a flush of 75 changes", runs, async () =>
            {
                flush++;
                var entries = Enumerable.Range(0, 75).Select(k => serials[random.Next(rows)]).Distinct()
                    .Select(s => new PledgeDirectoryEntry(s, PledgeStatus.ReEnrolled, Start.AddDays(1).AddSeconds(flush))).ToList();
                var issued = entries.Take(25).Select(e => new IssuedCertificateEntry($"{(ulong)random.NextInt64():X16}", e.Serial, "CN=" + e.Serial, e.UpdatedAt, e.UpdatedAt.AddYears(2), true)).ToList();
                return (await store.WriteAsync(entries, issued)).Changes.Count;
            });

            string rare = serials[rows / 2][5..11].ToLowerInvariant();
            await ReportAsync($"/api/pledges?q={rare} (a serial's 6 hex digits, any case)", runs, async () => (await store.SearchAsync(new PledgeQuery(rare, null), 0, 50)).Total);
            await ReportAsync("/api/pledges?q=a3 (a common substring)", runs, async () => (await store.SearchAsync(new PledgeQuery("a3", null), 0, 50)).Total);
            await ReportAsync("/api/pledges?q=EALS-&page=40 (every pledge matches)", runs, async () => (await store.SearchAsync(new PledgeQuery("EALS-", null), 1950, 50)).Total);
            await ReportAsync("/api/pledges?q=a3&state=Failed", runs, async () => (await store.SearchAsync(new PledgeQuery("a3", PledgeStatus.Failed), 0, 50)).Total);
            await ReportAsync("/api/pledges?state=Failed&page=40", runs, async () => (await store.SearchAsync(new PledgeQuery(null, PledgeStatus.Failed), 1950, 50)).Total);
            await ReportAsync("/api/pledges (no filter)", runs, async () => (await store.SearchAsync(new PledgeQuery(null, null), 0, 50)).Total);
            await ReportAsync("/api/fleet's counts (counts table)", runs, async () => (await store.CountAsync()).Values.Sum());
            await ReportAsync("  the same by GROUP BY status (not used)", runs, groupBy);
            await ReportAsync("/api/certificates", runs, async () => (await store.ListCertificatesAsync(0, 50)).Total);
            await ReportAsync("/api/certificates?page=40", runs, async () => (await store.ListCertificatesAsync(1950, 50)).Total);
            Console.WriteLine($"stored after the runs: {size() / 1048576.0:F1} MiB");
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            return 0;
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    // 85% enrolled, 5% re-enrolled, 5% failed, 5% still in EDHOC.
    private static PledgeStatus StatusOf(int i) => (i % 20) switch
    {
        0 => PledgeStatus.Failed,
        1 => PledgeStatus.EdhocInProgress,
        2 => PledgeStatus.ReEnrolled,
        _ => PledgeStatus.Enrolled,
    };

    private static async Task<long> CountByGroupByAsync(System.Data.Common.DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT status, count(*) FROM pledge_directory GROUP BY status";
            await using var rows = await command.ExecuteReaderAsync();
            long total = 0;
            while (await rows.ReadAsync())
            {
                total += rows.GetInt64(1);
            }
            return total;
        }
    }

    private static async Task ReportAsync<T>(string what, int runs, Func<Task<T>> run)
    {
        var result = await run();
        var times = new List<double>(runs);
        for (int i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double p50 = times[times.Count / 2];
        double p99 = times[Math.Max(0, (int)Math.Ceiling(times.Count * 0.99) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-58} p50 {p50,8:F2} ms   p99 {p99,8:F2} ms   ({result})"));
    }
}
