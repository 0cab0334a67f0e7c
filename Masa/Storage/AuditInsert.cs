using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Storage;

/// <summary>The one INSERT into the audit table, shared by refusals (own connection) and acceptances (inside the claim).</summary>
internal static class AuditInsert
{
    public static void Prepare(SqliteCommand command, DateTimeOffset at, string? registrarSubject, string? domainFingerprint, string? serialNumber, string outcome, int status, string reason)
    {
        command.CommandText = """
            INSERT INTO audit (at, registrar_subject, domain_fingerprint, serial, outcome, status, reason)
            VALUES ($at, $registrar, $domain, $serial, $outcome, $status, $reason)
            """;
        command.Parameters.AddWithValue("$at", at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$registrar", (object?)registrarSubject ?? DBNull.Value);
        command.Parameters.AddWithValue("$domain", (object?)domainFingerprint ?? DBNull.Value);
        command.Parameters.AddWithValue("$serial", (object?)serialNumber ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", outcome);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$reason", reason);
    }
}
