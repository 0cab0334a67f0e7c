using Microsoft.Data.Sqlite;

namespace Eals.Silo.Storage;

/// <summary>How the silo's SQLite stores open their files: created with their folder, pooled, 30 s busy timeout.</summary>
public static class SqliteFiles
{
    public static string ConnectionString(string databasePath)
    {
        string path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
