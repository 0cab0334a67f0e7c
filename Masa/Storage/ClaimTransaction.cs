using System.Globalization;
using Eals.Sqlite;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Storage;

/// <summary>
/// One claim, decided and recorded on the store's writer connection inside a group-committed transaction (its own
/// savepoint): replay checks, the current owner, then (only when accepted) the ownership row, the consumed nonce
/// with its voucher, the request digest and the audit entry. Throwing rolls back the claim alone.
/// </summary>
public sealed class ClaimTransaction
{
    private readonly SqliteCommands _commands;

    internal ClaimTransaction(SqliteCommands commands) => _commands = commands;

    public bool HasSeenRequest(ReadOnlySpan<byte> digest)
    {
        var command = Prepare("SELECT 1 FROM seen_request WHERE digest = $digest", ("$digest", digest.ToArray()));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The answer already given for this pledge's nonce, or null when the nonce was never used.</summary>
    public AnsweredNonce? FindAnsweredNonce(string serialNumber, ReadOnlySpan<byte> nonce)
    {
        var command = Prepare("SELECT registrar_subject, domain_fingerprint, voucher, pledge_request_digest FROM used_nonce WHERE serial = $serial AND nonce = $nonce", ("$serial", serialNumber), ("$nonce", nonce.ToArray()));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AnsweredNonce(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2),
                reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3))
            : null;
    }

    public OwnershipRecord? FindOwner(string serialNumber) => OwnershipQuery.Find(_commands.Connection, null, serialNumber);

    /// <summary>
    /// Records an accepted claim: owner (inserted or moved), nonce with the registrar, domain, pledge request and voucher it was answered
    /// with (so that the same request repeated gets the same voucher), request digest, audit entry. Durable once the
    /// store's commit of this claim's batch returned.
    /// </summary>
    public void RecordAccepted(DateTimeOffset at, string serialNumber, string domainFingerprint, string registrarSubject, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> digest, byte[]? pledgeRequestDigest, byte[] voucher, int status, string reason)
    {
        var time = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        Run(
            """
            INSERT INTO ownership (serial, domain_fingerprint, registrar_subject, first_claimed_at, last_voucher_at, voucher_count)
            VALUES ($serial, $domain, $registrar, $at, $at, 1)
            ON CONFLICT (serial) DO UPDATE SET
                first_claimed_at = CASE WHEN domain_fingerprint = excluded.domain_fingerprint THEN first_claimed_at ELSE excluded.first_claimed_at END,
                registrar_subject = CASE WHEN domain_fingerprint = excluded.domain_fingerprint THEN registrar_subject ELSE excluded.registrar_subject END,
                domain_fingerprint = excluded.domain_fingerprint,
                last_voucher_at = excluded.last_voucher_at,
                voucher_count = voucher_count + 1
            """,
            ("$serial", serialNumber),
            ("$domain", domainFingerprint),
            ("$registrar", registrarSubject),
            ("$at", time));
        Run(
            "INSERT INTO used_nonce (serial, nonce, at, registrar_subject, domain_fingerprint, voucher, pledge_request_digest) VALUES ($serial, $nonce, $at, $registrar, $domain, $voucher, $pledgeRequest)",
            ("$serial", serialNumber),
            ("$nonce", nonce.ToArray()),
            ("$at", time),
            ("$registrar", registrarSubject),
            ("$domain", domainFingerprint),
            ("$voucher", voucher),
            ("$pledgeRequest", (object?)pledgeRequestDigest ?? DBNull.Value));
        Run("INSERT INTO seen_request (digest, at) VALUES ($digest, $at)", ("$digest", digest.ToArray()), ("$at", time));
        RecordAudit(at, serialNumber, domainFingerprint, registrarSubject, status, reason);
    }

    /// <summary>Records in the audit log that a repeated request had the voucher issued for it before (nothing else changes).</summary>
    public void RecordAudit(DateTimeOffset at, string serialNumber, string domainFingerprint, string registrarSubject, int status, string reason) =>
        AuditInsert.Run(_commands, at, registrarSubject, domainFingerprint, serialNumber, AuditEntry.Accepted, status, reason);

    private void Run(string sql, params (string Name, object Value)[] parameters) => Prepare(sql, parameters).ExecuteNonQuery();

    // The writer's command for this SQL, prepared once per connection, with this call's parameters.
    private SqliteCommand Prepare(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _commands.Get(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
