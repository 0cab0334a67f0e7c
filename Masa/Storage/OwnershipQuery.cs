using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Storage;

/// <summary>Reads one pledge's row of the ownership log, inside a claim's transaction or on its own.</summary>
internal static class OwnershipQuery
{
    public static OwnershipRecord? Find(SqliteConnection connection, SqliteTransaction? transaction, string serialNumber)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT domain_fingerprint, registrar_subject, first_claimed_at, last_voucher_at, voucher_count FROM ownership WHERE serial = $serial";
        command.Parameters.AddWithValue("$serial", serialNumber);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new OwnershipRecord(
            serialNumber,
            reader.GetString(0),
            reader.GetString(1),
            DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
            reader.GetInt32(4));
    }
}
