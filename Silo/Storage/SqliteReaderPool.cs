using System.Collections.Concurrent;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;

namespace Eals.Silo.Storage;

/// <summary>
/// Open read connections to one SQLite file, each with its prepared statements, lent one caller at a time.
/// In WAL mode readers never wait for the writer, and an idle open connection holds no lock.
/// </summary>
public sealed class SqliteReaderPool : IDisposable
{
    private readonly string _connectionString;
    private readonly int _keep;
    private readonly ConcurrentBag<SqliteCommands> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public SqliteReaderPool(string connectionString, int keep)
    {
        _connectionString = connectionString;
        _keep = keep;
    }

    public T Read<T>(Func<SqliteCommands, T> read)
    {
        var commands = Rent();
        try
        {
            return read(commands);
        }
        finally
        {
            Return(commands);
        }
    }

    private SqliteCommands Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var commands))
        {
            Interlocked.Decrement(ref _idleCount);
            return commands;
        }
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return new SqliteCommands(connection);
    }

    private void Return(SqliteCommands commands)
    {
        // Beyond the few kept open, a burst's extra connections are closed rather than hoarded.
        if (_disposed || Interlocked.Increment(ref _idleCount) > _keep)
        {
            Interlocked.Decrement(ref _idleCount);
            commands.Dispose();
            return;
        }
        _idle.Add(commands);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var commands))
        {
            commands.Dispose();
        }
    }
}
