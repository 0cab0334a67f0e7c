using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Eals.Sqlite;

/// <summary>
/// Group commit for one SQLite file: a single writer loop owns one long-lived connection, takes every write
/// queued since its last commit and applies them in one <c>BEGIN IMMEDIATE</c> ... <c>COMMIT</c>, so writes
/// that arrive together share one fsync. A write's task completes only after the COMMIT that holds it
/// returned, so nothing is acknowledged before it is durable.
/// </summary>
/// <remarks>
/// Each write runs inside its own SAVEPOINT: one that throws (an ETag conflict, a constraint) is rolled back
/// alone and fails alone, the others of the batch still commit. If the transaction itself is lost (BEGIN,
/// COMMIT or an I/O error), every write of the batch fails and the connection is opened afresh.
/// </remarks>
public sealed class SqliteGroupCommit : IAsyncDisposable
{
    // Bounds one transaction's size (and the latency of its first write) under a flood of writers.
    private const int MaxBatch = 1024;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _store;
    private readonly string _connectionString;
    private readonly string _setup;
    private readonly Task _loop;
    private SqliteCommands? _writer;

    /// <param name="store">Names this file in the <c>eals.storage.commits</c> counter.</param>
    /// <param name="connectionString">The file's connection string.</param>
    /// <param name="setup">Statements run once when the writer connection opens (PRAGMAs).</param>
    public SqliteGroupCommit(string store, string connectionString, string setup)
    {
        _store = store;
        _connectionString = connectionString;
        _setup = setup;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues <paramref name="apply"/> to run on the writer connection inside the next transaction; the task
    /// gives its result once that transaction committed, or its exception (the write alone was rolled back)
    /// or the transaction's (nothing of the batch was kept).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteCommands, T> apply)
    {
        var pending = new Pending<T>(apply);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), $"SQLite store '{_store}' is closed");
        }
        return pending.Outcome;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            Commit(batch);
            batch.Clear();
        }
        _writer?.Dispose();
        _writer = null;
    }

    private void Commit(List<Pending> batch)
    {
        try
        {
            var writer = _writer ??= Open();
            writer.Execute("BEGIN IMMEDIATE");
            foreach (var pending in batch)
            {
                Apply(writer, pending);
            }
            writer.Execute("COMMIT");
        }
        catch (Exception error)
        {
            Abandon();
            foreach (var pending in batch)
            {
                pending.Fail(error);
            }
            return;
        }
        StorageMetrics.Committed(_store);
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    private static void Apply(SqliteCommands writer, Pending pending)
    {
        writer.Execute("SAVEPOINT write");
        try
        {
            pending.Apply(writer);
        }
        catch (Exception refused) when (InTransaction(writer))
        {
            writer.Execute("ROLLBACK TO write");
            pending.Refuse(refused);
        }
        writer.Execute("RELEASE write");
    }

    private SqliteCommands Open()
    {
        // Unpooled: a connection dropped after a failed batch must be closed, not handed to the next caller.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        var commands = new SqliteCommands(connection);
        commands.Execute(_setup);
        return commands;
    }

    // After a failed batch the connection may still hold the transaction or be broken: roll back what can be
    // and start the next batch on a fresh connection.
    private void Abandon()
    {
        if (_writer is null)
        {
            return;
        }
        try
        {
            if (InTransaction(_writer))
            {
                _writer.Execute("ROLLBACK");
            }
        }
        catch (SqliteException)
        {
            // The connection is dropped below; SQLite rolls back whatever it still held when it closes.
        }
        _writer.Dispose();
        _writer = null;
    }

    private static bool InTransaction(SqliteCommands commands) =>
        SQLitePCL.raw.sqlite3_get_autocommit(commands.Connection.Handle) == 0;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private abstract class Pending
    {
        public abstract void Apply(SqliteCommands writer);

        public abstract void Refuse(Exception error);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class Pending<T>(Func<SqliteCommands, T> apply) : Pending
    {
        // Completions run the waiting grain's code; never on the writer loop.
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _refused;

        public Task<T> Outcome => _outcome.Task;

        public override void Apply(SqliteCommands writer) => _result = apply(writer);

        public override void Refuse(Exception error) => _refused = error;

        public override void Complete()
        {
            if (_refused is null)
            {
                _outcome.TrySetResult(_result!);
            }
            else
            {
                _outcome.TrySetException(_refused);
            }
        }

        public override void Fail(Exception error) => _outcome.TrySetException(error);
    }
}
