using Eals.Protocol.Pki;
using Eals.Masa.Signing;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Storage;

/// <summary>
/// The MASA's durable state in one SQLite file: the ownership log, the nonces and request digests already
/// answered (replay protection), and the audit log. Claims and audit entries are written by one writer loop
/// (<see cref="SqliteGroupCommit"/>): those that arrive together share one <c>BEGIN IMMEDIATE</c> transaction and
/// one fsync, each acknowledged only after its commit; two concurrent claims of one pledge are decided one after the
/// other, never both on the same stale view.
/// </summary>
public sealed class MasaStore : IAsyncDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS ownership (
            serial             TEXT NOT NULL PRIMARY KEY,
            domain_fingerprint TEXT NOT NULL,
            registrar_subject  TEXT NOT NULL,
            first_claimed_at   TEXT NOT NULL,
            last_voucher_at    TEXT NOT NULL,
            voucher_count      INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS used_nonce (
            serial             TEXT NOT NULL,
            nonce              BLOB NOT NULL,
            at                 TEXT NOT NULL,
            registrar_subject  TEXT,
            domain_fingerprint TEXT,
            voucher            BLOB,
            pledge_request_digest BLOB,
            PRIMARY KEY (serial, nonce)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS seen_request (
            digest BLOB NOT NULL PRIMARY KEY,
            at     TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS audit (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
            at                 TEXT NOT NULL,
            registrar_subject  TEXT,
            domain_fingerprint TEXT,
            serial             TEXT,
            outcome            TEXT NOT NULL,
            status             INTEGER NOT NULL,
            reason             TEXT NOT NULL
        );
        """;

    // FULL: a nonce answered must stay answered across a power loss, or a replay could get a second voucher.
    private const string ConnectionSetup = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";

    private readonly string _connectionString;
    private readonly SqliteGroupCommit _writer;

    public MasaStore(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var path = Path.GetFullPath(databasePath);
        OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, Schema);
        AddAnswerColumns(connection);
        DatabasePath = path;
        _writer = new SqliteGroupCommit("masa", _connectionString, ConnectionSetup);
    }

    // A database of an earlier release has used_nonce without the answer (registrar, domain, voucher, pledge request): the
    // columns are added, its rows stay null and their nonces are refused as they were.
    private static void AddAnswerColumns(SqliteConnection connection)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('used_nonce')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        foreach (var (column, type) in new[] { ("registrar_subject", "TEXT"), ("domain_fingerprint", "TEXT"), ("voucher", "BLOB"), ("pledge_request_digest", "BLOB") })
        {
            if (!present.Contains(column))
            {
                Execute(connection, $"ALTER TABLE used_nonce ADD COLUMN {column} {type}");
            }
        }
    }

    /// <summary>How the MASA's writes are named in the storage counters (apart from the registrar's grain states).</summary>
    public const string WrittenState = "masa";

    public string DatabasePath { get; }

    /// <summary>
    /// Runs <paramref name="claim"/> on the store's writer connection, in the transaction of the claims queued with it
    /// (one commit, one fsync for all of them), under the file's write lock so that two claims of one pledge are decided
    /// one after the other. Its result comes once that transaction committed; what it throws (a refusal) rolls back
    /// its own changes only, and comes after that commit too.
    /// </summary>
    public async Task<T> ClaimAsync<T>(Func<ClaimTransaction, T> claim)
    {
        var result = await _writer.WriteAsync(commands => claim(new ClaimTransaction(commands))).ConfigureAwait(false);
        StorageMetrics.Written(WrittenState);
        return result;
    }

    /// <summary>Appends a refusal (accepted requests are logged inside their claim); returns once it is durable.</summary>
    public async Task AppendAuditAsync(DateTimeOffset at, string? registrarSubject, string? domainFingerprint, string? serialNumber, string outcome, int status, string reason)
    {
        await _writer.WriteAsync(commands =>
        {
            AuditInsert.Run(commands, at, registrarSubject, domainFingerprint, serialNumber, outcome, status, reason);
            return true;
        }).ConfigureAwait(false);
        StorageMetrics.Written(WrittenState);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    public OwnershipRecord? FindOwner(string serialNumber)
    {
        using var connection = Open();
        return OwnershipQuery.Find(connection, null, serialNumber);
    }

    /// <summary>The newest <paramref name="limit"/> audit entries with an id below <paramref name="before"/>, newest first.</summary>
    public IReadOnlyList<AuditEntry> ReadAudit(long before, int limit, string? serialNumber)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, at, registrar_subject, domain_fingerprint, serial, outcome, status, reason FROM audit
            WHERE id < $before AND ($serial IS NULL OR serial = $serial) ORDER BY id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$serial", (object?)serialNumber ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                reader.GetInt32(6),
                reader.GetString(7)));
        }

        return entries;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, ConnectionSetup);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
