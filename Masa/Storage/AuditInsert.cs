using System.Globalization;
using Eals.Sqlite;

namespace Eals.Masa.Storage;

/// <summary>The one INSERT into the audit table, for refusals and acceptances alike, on the store's writer connection.</summary>
internal static class AuditInsert
{
    private const string Sql = """
        INSERT INTO audit (at, registrar_subject, domain_fingerprint, serial, outcome, status, reason)
        VALUES ($at, $registrar, $domain, $serial, $outcome, $status, $reason)
        """;

    public static void Run(SqliteCommands commands, DateTimeOffset at, string? registrarSubject, string? domainFingerprint, string? serialNumber, string outcome, int status, string reason)
    {
        var command = commands.Get(Sql);
        command.Parameters.AddWithValue("$at", at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$registrar", (object?)registrarSubject ?? DBNull.Value);
        command.Parameters.AddWithValue("$domain", (object?)domainFingerprint ?? DBNull.Value);
        command.Parameters.AddWithValue("$serial", (object?)serialNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", outcome);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$reason", reason);
        command.ExecuteNonQuery();
    }
}
