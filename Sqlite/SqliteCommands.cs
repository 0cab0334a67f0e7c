using Microsoft.Data.Sqlite;

namespace Eals.Sqlite;

/// <summary>
/// One open SQLite connection with its commands kept by SQL text, so each statement is prepared once per
/// connection instead of once per call.
/// </summary>
public sealed class SqliteCommands : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    public SqliteCommands(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared for the caller to set.</summary>
    public SqliteCommand Get(string sql)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _prepared.Add(sql, command);
        }
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> without parameters and returns the rows it changed.</summary>
    public int Execute(string sql) => Get(sql).ExecuteNonQuery();

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }
        _prepared.Clear();
        Connection.Dispose();
    }
}
