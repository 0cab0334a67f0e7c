using Eals.Masa.Ace;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Tests.Ace;

/// <summary>The AS's token table: a file made before revocation existed opens, keeps its tokens and can revoke them.</summary>
public sealed class AceTokenStoreTests
{
    [Fact]
    public void A_token_table_without_the_revocation_column_is_upgraded_in_place()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        string path = Path.Combine(folder.Path, "masa.db");
        byte[] cti = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE ace_token (cti BLOB NOT NULL PRIMARY KEY, serial TEXT NOT NULL, audience TEXT NOT NULL, scope TEXT NOT NULL,
                    issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, sealed_secrets BLOB NOT NULL) WITHOUT ROWID;
                INSERT INTO ace_token VALUES ($cti, 'SN-OLD', 'A Registrar', '/eals', '2026-12-01T00:00:00.0000000+00:00', '2026-12-08T00:00:00.0000000+00:00', x'0102');
                """;
            command.Parameters.AddWithValue("$cti", cti);
            command.ExecuteNonQuery();
        }

        var store = new AceTokenStore(path);
        var before = store.Find(cti);
        var revokedAt = store.Revoke(cti, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var after = store.Find(cti);

        Assert.NotNull(before);
        Assert.Null(before.RevokedAt);
        Assert.Equal(new byte[] { 1, 2 }, before.SealedSecrets);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), revokedAt);
        Assert.Equal(revokedAt, after!.RevokedAt);
        Assert.Empty(after.SealedSecrets);
        Assert.Null(store.Revoke([9, 9], DateTimeOffset.UtcNow));
        SqliteConnection.ClearAllPools();
    }
}
