using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;

namespace Eals.Silo.Storage;

/// <summary>
/// The pledge directory of the embedded default, in the grain storage's SQLite file: its tables are created on
/// first use, batches go through the file's one group-commit writer (<see cref="SqliteFileConnections"/>), so a
/// batch shares its transaction and fsync with the grain states written meanwhile. Searches fold ASCII letters
/// only (serial numbers are PrintableString).
/// </summary>
public sealed class SqlitePledgeDirectoryStore : IPledgeDirectoryStore
{
    // WITHOUT ROWID: the rows are small and found by their key. An index holds the key too: by status it is
    // (status, serial), which serves a status filter in serial order; certificates are listed newest first.
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS pledge_directory (
            serial     TEXT    NOT NULL PRIMARY KEY,
            status     INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS pledge_directory_by_status ON pledge_directory (status);
        CREATE TABLE IF NOT EXISTS pledge_status_counts (
            status  INTEGER NOT NULL PRIMARY KEY,
            pledges INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS issued_certificates (
            serial_hex    TEXT    NOT NULL PRIMARY KEY,
            pledge_serial TEXT    NOT NULL,
            subject       TEXT    NOT NULL,
            issued_at     INTEGER NOT NULL,
            not_after     INTEGER NOT NULL,
            re_enrollment INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS issued_certificates_newest_first ON issued_certificates (issued_at DESC, serial_hex);
        CREATE TABLE IF NOT EXISTS directory_totals (
            name  TEXT    NOT NULL PRIMARY KEY,
            total INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    // SQLite's LIKE folds ASCII letters.
    private static readonly string Like = $"serial LIKE @pattern ESCAPE '{PledgeQuery.LikeEscape}'";

    private readonly SqliteFileConnections _file;

    public SqlitePledgeDirectoryStore(SqliteFileConnections file)
    {
        _file = file;
        using var connection = new SqliteConnection(file.ConnectionString);
        connection.Open();
        using var commands = new SqliteCommands(connection);
        commands.Execute(SqliteFileConnections.BusyTimeout);
        commands.Execute(Schema);
        commands.Execute(PledgeDirectorySql.InitCertificateTotal);
    }

    public async Task<DirectoryWriteOutcome> WriteAsync(IReadOnlyCollection<PledgeDirectoryEntry> entries, IReadOnlyCollection<IssuedCertificateEntry> issued, CancellationToken cancellationToken = default)
    {
        var batch = new DirectoryBatch(entries, issued);
        if (batch.IsEmpty)
        {
            return DirectoryWriteOutcome.Nothing;
        }
        var outcome = await _file.Writes.WriteAsync(commands => Write(commands, batch)).ConfigureAwait(false);
        StorageMetrics.Written(PledgeDirectory.StateName);
        return outcome;
    }

    // On the writer connection, inside the group commit's transaction.
    private static DirectoryWriteOutcome Write(SqliteCommands commands, DirectoryBatch batch)
    {
        var stored = new Dictionary<string, PledgeDirectoryEntry>(StringComparer.Ordinal);
        foreach (string serial in batch.Serials)
        {
            var select = PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.SelectEntry), [("@serial", serial)]);
            using var row = select.ExecuteReader();
            if (row.Read())
            {
                stored[serial] = PledgeDirectorySql.Entry(row);
            }
        }
        var effect = batch.Against(stored);
        foreach (var entry in effect.Rows)
        {
            PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.UpsertEntry), PledgeDirectorySql.EntryValues(entry)).ExecuteNonQuery();
        }
        foreach (var (status, delta) in effect.CountChanges)
        {
            PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.MoveCount), PledgeDirectorySql.CountMoveValues(status, delta)).ExecuteNonQuery();
        }
        var recorded = new List<IssuedCertificateEntry>();
        foreach (var certificate in batch.Certificates)
        {
            var insert = PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.InsertCertificate), PledgeDirectorySql.CertificateValues(certificate));
            if (insert.ExecuteNonQuery() == 1)
            {
                recorded.Add(certificate);
            }
        }
        if (recorded.Count > 0)
        {
            PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.AddCertificates), PledgeDirectorySql.AddCertificatesValues(recorded.Count)).ExecuteNonQuery();
        }
        return new DirectoryWriteOutcome(effect.Changes, recorded);
    }

    public Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int skip, int take, CancellationToken cancellationToken = default)
    {
        PledgeDirectory.CheckPage(skip, take);
        return Task.FromResult(_file.Readers.Read(commands =>
        {
            var page = PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.SearchPage(query, Like)),
                PledgeDirectorySql.QueryValues(query).Concat(PledgeDirectorySql.PageValues(skip, take)));
            List<PledgeDirectoryEntry> items;
            using (var rows = page.ExecuteReader())
            {
                items = PledgeDirectorySql.ReadAll(rows, PledgeDirectorySql.Entry);
            }
            long total = !query.HasText ? PledgeDirectorySql.Total(Counts(commands), query.Status)
                : PledgeDirectorySql.TotalOf(skip, take, items.Count)
                    ?? (long)PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.SearchCount(query, Like)), PledgeDirectorySql.QueryValues(query)).ExecuteScalar()!;
            return new DirectoryPage<PledgeDirectoryEntry>(total, items);
        }));
    }

    public Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        PledgeDirectory.CheckPage(skip, take);
        return Task.FromResult(_file.Readers.Read(commands =>
        {
            using var rows = PledgeDirectorySql.Bind(commands.Get(PledgeDirectorySql.CertificatePage), PledgeDirectorySql.PageValues(skip, take)).ExecuteReader();
            var items = PledgeDirectorySql.ReadAll(rows, PledgeDirectorySql.Certificate);
            return new DirectoryPage<IssuedCertificateEntry>(PledgeDirectorySql.CertificateTotal(commands.Get(PledgeDirectorySql.CertificateCount).ExecuteScalar()), items);
        }));
    }

    public Task<IReadOnlyDictionary<PledgeStatus, long>> CountAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_file.Readers.Read(Counts));

    private static IReadOnlyDictionary<PledgeStatus, long> Counts(SqliteCommands commands)
    {
        using var rows = commands.Get(PledgeDirectorySql.SelectCounts).ExecuteReader();
        return PledgeDirectorySql.Counts(rows);
    }
}
