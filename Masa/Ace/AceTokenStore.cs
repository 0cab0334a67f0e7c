using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Ace;

/// <summary>
/// The access tokens the AS issued, in the MASA's SQLite file (table <c>ace_token</c>): a token the AS did not
/// record here is unknown, whatever its signature, so introspection answers it inactive.
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
            sealed_secrets BLOB NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;

    public AceTokenStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
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
        command.CommandText = "SELECT serial, audience, scope, issued_at, expires_at, sealed_secrets FROM ace_token WHERE cti = $cti";
        command.Parameters.AddWithValue("$cti", tokenId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AceTokenRecord(tokenId, reader.GetString(0), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), (byte[])reader[5])
            : null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
