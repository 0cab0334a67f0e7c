using Eals.Sqlite;

namespace Eals.Silo.Storage;

/// <summary>
/// The connections to one SQLite file that every store on it shares: its single group-commit writer (the grain
/// states and the pledge directory written at the same time share one transaction and one fsync, and never wait
/// on each other's write lock) and a pool of readers.
/// </summary>
public sealed class SqliteFileConnections : IAsyncDisposable, IDisposable
{
    public const string BusyTimeout = "PRAGMA busy_timeout = 30000;";

    /// <param name="store">Names the file in the <c>eals.storage.commits</c> counter.</param>
    /// <param name="databasePath">The file; created with its folder on first use.</param>
    /// <param name="synchronousFull">FULL (survives power loss) or NORMAL (survives a process crash).</param>
    public SqliteFileConnections(string store, string databasePath, bool synchronousFull)
    {
        ConnectionString = SqliteFiles.ConnectionString(databasePath);
        Readers = new SqliteReaderPool(ConnectionString, keep: Math.Max(4, Environment.ProcessorCount));
        Writes = new SqliteGroupCommit(store, ConnectionString, $"PRAGMA synchronous = {(synchronousFull ? "FULL" : "NORMAL")}; {BusyTimeout}");
    }

    public string ConnectionString { get; }

    public SqliteReaderPool Readers { get; }

    public SqliteGroupCommit Writes { get; }

    public async ValueTask DisposeAsync()
    {
        await Writes.DisposeAsync().ConfigureAwait(false);
        Readers.Dispose();
    }

    // The container disposes singletons synchronously when it is itself disposed that way.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
