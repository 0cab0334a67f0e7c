using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Silo.Storage;
using Eals.Sqlite;
using Npgsql;

namespace Eals.Silo.Cluster;

/// <summary>
/// The pledge directory in cluster mode, in the cluster's PostgreSQL database (tables from
/// <c>Cluster/Sql/PledgeDirectory.sql</c>). A batch is one transaction and one round trip for its writes; the
/// batches of all silos take one advisory lock in turn, so the stored rows a batch decides on
/// (<see cref="DirectoryBatch"/>) cannot change under it and the counts per state stay exact.
/// </summary>
public sealed class PostgresPledgeDirectoryStore(string connectionString) : IPledgeDirectoryStore, IAsyncDisposable
{
    // Any constant unique to this application, other than the schema's: the key of the directory writers' lock.
    private const long WriterLockKey = 0x45414C53_44495252; // "EALSDIRR"

    // As the trigram index has it (PledgeDirectory.sql: one on the serial itself slowed the look-up by serial).
    private static readonly string Like = $"lower(serial) LIKE lower(@pattern) ESCAPE '{PledgeQuery.LikeEscape}'";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task<DirectoryWriteOutcome> WriteAsync(IReadOnlyCollection<PledgeDirectoryEntry> entries, IReadOnlyCollection<IssuedCertificateEntry> issued, CancellationToken cancellationToken = default)
    {
        var batch = new DirectoryBatch(entries, issued);
        if (batch.IsEmpty)
        {
            return DirectoryWriteOutcome.Nothing;
        }
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var writerLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            PledgeDirectorySql.Bind(writerLock, [("@key", WriterLockKey)]);
            await writerLock.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var stored = new Dictionary<string, PledgeDirectoryEntry>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand("SELECT serial, status, updated_at FROM pledge_directory WHERE serial = ANY(@serials)", connection, transaction))
        {
            PledgeDirectorySql.Bind(select, [("@serials", batch.Serials.ToArray())]);
            await using var rows = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in PledgeDirectorySql.ReadAll(rows, PledgeDirectorySql.Entry))
            {
                stored[entry.Serial] = entry;
            }
        }
        var effect = batch.Against(stored);
        await using var writes = new NpgsqlBatch(connection, transaction);
        foreach (var entry in effect.Rows)
        {
            PledgeDirectorySql.Bind(Add(writes, PledgeDirectorySql.UpsertEntry), PledgeDirectorySql.EntryValues(entry));
        }
        foreach (var (status, delta) in effect.CountChanges)
        {
            PledgeDirectorySql.Bind(Add(writes, PledgeDirectorySql.MoveCount), PledgeDirectorySql.CountMoveValues(status, delta));
        }
        var inserts = batch.Certificates.Select(c =>
        {
            var insert = Add(writes, PledgeDirectorySql.InsertCertificate);
            PledgeDirectorySql.Bind(insert, PledgeDirectorySql.CertificateValues(c));
            return (Certificate: c, Command: insert);
        }).ToList();
        if (writes.BatchCommands.Count > 0)
        {
            await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var recorded = inserts.Where(i => i.Command.RecordsAffected == 1).Select(i => i.Certificate).ToList();
        if (recorded.Count > 0)
        {
            await using var total = PledgeDirectorySql.Bind(new NpgsqlCommand(PledgeDirectorySql.AddCertificates, connection, transaction), PledgeDirectorySql.AddCertificatesValues(recorded.Count));
            await total.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        StorageMetrics.Written(PledgeDirectory.StateName);
        return new DirectoryWriteOutcome(effect.Changes, recorded);
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(command);
        return command;
    }

    public async Task<DirectoryPage<PledgeDirectoryEntry>> SearchAsync(PledgeQuery query, int skip, int take, CancellationToken cancellationToken = default)
    {
        PledgeDirectory.CheckPage(skip, take);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        List<PledgeDirectoryEntry> items;
        await using (var page = new NpgsqlCommand(PledgeDirectorySql.SearchPage(query, Like), connection))
        {
            PledgeDirectorySql.Bind(page, PledgeDirectorySql.QueryValues(query).Concat(PledgeDirectorySql.PageValues(skip, take)));
            await using var rows = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            items = PledgeDirectorySql.ReadAll(rows, PledgeDirectorySql.Entry);
        }
        if (!query.HasText)
        {
            return new DirectoryPage<PledgeDirectoryEntry>(PledgeDirectorySql.Total(await CountAsync(connection, cancellationToken).ConfigureAwait(false), query.Status), items);
        }
        if (PledgeDirectorySql.TotalOf(skip, take, items.Count) is { } known)
        {
            return new DirectoryPage<PledgeDirectoryEntry>(known, items);
        }
        await using var count = new NpgsqlCommand(PledgeDirectorySql.SearchCount(query, Like), connection);
        PledgeDirectorySql.Bind(count, PledgeDirectorySql.QueryValues(query));
        return new DirectoryPage<PledgeDirectoryEntry>((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, items);
    }

    public async Task<DirectoryPage<IssuedCertificateEntry>> ListCertificatesAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        PledgeDirectory.CheckPage(skip, take);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        List<IssuedCertificateEntry> items;
        await using (var page = new NpgsqlCommand(PledgeDirectorySql.CertificatePage, connection))
        {
            PledgeDirectorySql.Bind(page, PledgeDirectorySql.PageValues(skip, take));
            await using var rows = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            items = PledgeDirectorySql.ReadAll(rows, PledgeDirectorySql.Certificate);
        }
        await using var count = new NpgsqlCommand(PledgeDirectorySql.CertificateCount, connection);
        return new DirectoryPage<IssuedCertificateEntry>(PledgeDirectorySql.CertificateTotal(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)), items);
    }

    public async Task<IReadOnlyDictionary<PledgeStatus, long>> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await CountAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyDictionary<PledgeStatus, long>> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(PledgeDirectorySql.SelectCounts, connection);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return PledgeDirectorySql.Counts(rows);
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
