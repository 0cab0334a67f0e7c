using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Silo.Tests.Storage;

/// <summary>A test's own folder for grains.db, its clock, and direct connections to the file; deleted on dispose.</summary>
public sealed class StorageFolder : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eals-storage-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(_folder, "grains.db");

    /// <summary>A connection of its own, outside every pool: sees only what was committed to the file.</summary>
    public SqliteConnection Connect(SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        Directory.CreateDirectory(_folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, Mode = mode }.ToString());
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
