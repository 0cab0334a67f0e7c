using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Ace;

/// <summary>
/// The access tokens the AS issued, in the MASA's SQLite file (table <c>ace_token</c>): a token the AS did not
/// record here is unknown, whatever its signature, so introspection answers it inactive. A revoked token keeps
/// its row (revoked_at set, its sealed secrets erased), so it stays inactive and its revocation is on record.
/// </summary>
public sealed class AceTokenStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ace_token (
            cti            BLOB NOT NULL PRIMARY KEY,
            serial         TEXT NOT NULL,
            audience       TEXT NOT NULL,
            scope          TEXT NOT NULL,
            issued_at      TEXT NOT NULL,
            expires_at     TEXT NOT NULL,
            sealed_secrets BLOB NOT NULL,
            revoked_at     TEXT
        ) WITHOUT ROWID;
        """;

    // Files made before revocation existed lack the column; SQLite adds it in place.
    private const string RevokedColumn = "ALTER TABLE ace_token ADD COLUMN revoked_at TEXT";

    private readonly string _connectionString;

    public AceTokenStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('ace_token') WHERE name = 'revoked_at'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = RevokedColumn;
            command.ExecuteNonQuery();
        }
    }

    public void Add(AceTokenRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO ace_token (cti, serial, audience, scope, issued_at, expires_at, sealed_secrets) VALUES ($cti, $serial, $audience, $scope, $issued, $expires, $sealed)";
        command.Parameters.AddWithValue("$cti", record.TokenId);
        command.Parameters.AddWithValue("$serial", record.Serial);
        command.Parameters.AddWithValue("$audience", record.Audience);
        command.Parameters.AddWithValue("$scope", record.Scope);
        command.Parameters.AddWithValue("$issued", record.IssuedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$expires", record.ExpiresAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$sealed", record.SealedSecrets);
        command.ExecuteNonQuery();
    }

    public AceTokenRecord? Find(byte[] tokenId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT serial, audience, scope, issued_at, expires_at, sealed_secrets, revoked_at FROM ace_token WHERE cti = $cti";
        command.Parameters.AddWithValue("$cti", tokenId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AceTokenRecord(tokenId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Time(reader.GetString(3)), Time(reader.GetString(4)), (byte[])reader[5], reader.IsDBNull(6) ? null : Time(reader.GetString(6)))
            : null;
    }

    /// <summary>
    /// Marks the token revoked at <paramref name="at"/> and erases its sealed secrets; the time it was revoked
    /// (now or earlier: revoking twice changes nothing), or null when the AS never issued it.
    /// </summary>
    public DateTimeOffset? Revoke(byte[] tokenId, DateTimeOffset at)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE ace_token SET revoked_at = $at, sealed_secrets = x'' WHERE cti = $cti AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$cti", tokenId);
        command.Parameters.AddWithValue("$at", at.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return Find(tokenId)?.RevokedAt;
    }

    private static DateTimeOffset Time(string stored) => DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
