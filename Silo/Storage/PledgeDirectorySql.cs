using System.Data.Common;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;

namespace Eals.Silo.Storage;

/// <summary>
/// The pledge directory's statements and rows, the same for its SQLite and PostgreSQL stores (parameters as
/// <c>@name</c>, which both take): tables <c>pledge_directory</c> (serial, status, updated_at as UTC ticks),
/// <c>pledge_status_counts</c> (pledges per status, moved in the same transaction as the rows),
/// <c>issued_certificates</c> and <c>directory_totals</c> (the certificates' number, kept the same way).
/// </summary>
public static class PledgeDirectorySql
{
    private const string EntryColumns = "serial, status, updated_at";
    private const string CertificateColumns = "serial_hex, pledge_serial, subject, issued_at, not_after, re_enrollment";

    public const string SelectEntry = $"SELECT {EntryColumns} FROM pledge_directory WHERE serial = @serial";

    // The caller decides that the entry is newer (DirectoryBatch); the WHERE keeps a stored newer one all the same.
    public const string UpsertEntry = """
        INSERT INTO pledge_directory (serial, status, updated_at) VALUES (@serial, @status, @updated_at)
        ON CONFLICT (serial) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
        WHERE pledge_directory.updated_at < excluded.updated_at
        """;

    public const string MoveCount = """
        INSERT INTO pledge_status_counts (status, pledges) VALUES (@status, @delta)
        ON CONFLICT (status) DO UPDATE SET pledges = pledge_status_counts.pledges + excluded.pledges
        """;

    public const string InsertCertificate = $"""
        INSERT INTO issued_certificates ({CertificateColumns}) VALUES (@serial_hex, @pledge_serial, @subject, @issued_at, @not_after, @re_enrollment)
        ON CONFLICT (serial_hex) DO NOTHING
        """;

    public const string AddCertificates = """
        INSERT INTO directory_totals (name, total) VALUES ('certificates', @recorded)
        ON CONFLICT (name) DO UPDATE SET total = directory_totals.total + excluded.total
        """;

    /// <summary>Counts the certificates once, when their total is not kept yet (run with the schema).</summary>
    public const string InitCertificateTotal = """
        INSERT INTO directory_totals (name, total)
        SELECT 'certificates', (SELECT count(*) FROM issued_certificates) WHERE NOT EXISTS (SELECT 1 FROM directory_totals WHERE name = 'certificates')
        """;

    public const string SelectCounts = "SELECT status, pledges FROM pledge_status_counts";

    public const string CertificatePage = $"SELECT {CertificateColumns} FROM issued_certificates ORDER BY issued_at DESC, serial_hex LIMIT @take OFFSET @skip";

    public const string CertificateCount = "SELECT total FROM directory_totals WHERE name = 'certificates'";

    /// <summary>
    /// A page of <paramref name="query"/>'s matches by serial; <paramref name="contains"/> is the store's test of
    /// the serial against <c>@pattern</c> (<see cref="PledgeQuery.ContainsPattern"/>), in any case.
    /// </summary>
    public static string SearchPage(PledgeQuery query, string contains) =>
        $"SELECT {EntryColumns} FROM pledge_directory{Where(query, contains)} ORDER BY serial LIMIT @take OFFSET @skip";

    /// <summary>How many match a query with text (one without is answered from the counts, <see cref="Total"/>).</summary>
    public static string SearchCount(PledgeQuery query, string contains) =>
        $"SELECT count(*) FROM pledge_directory{Where(query, contains)}";

    private static string Where(PledgeQuery query, string contains) => (query.Status, query.HasText) switch
    {
        (null, false) => "",
        (null, true) => $" WHERE {contains}",
        (_, false) => " WHERE status = @status",
        (_, true) => $" WHERE status = @status AND {contains}",
    };

    /// <summary>The parameters of <see cref="SearchPage"/> and <see cref="SearchCount"/>.</summary>
    public static IEnumerable<(string Name, object Value)> QueryValues(PledgeQuery query)
    {
        if (query.Status is { } status)
        {
            yield return ("@status", (int)status);
        }
        if (query.HasText)
        {
            yield return ("@pattern", query.ContainsPattern());
        }
    }

    public static IEnumerable<(string Name, object Value)> PageValues(int skip, int take) => [("@skip", skip), ("@take", take)];

    public static IEnumerable<(string Name, object Value)> EntryValues(PledgeDirectoryEntry entry) =>
        [("@serial", entry.Serial), ("@status", (int)entry.Status), ("@updated_at", entry.UpdatedAt.UtcTicks)];

    public static IEnumerable<(string Name, object Value)> CountMoveValues(PledgeStatus status, long delta) =>
        [("@status", (int)status), ("@delta", delta)];

    public static IEnumerable<(string Name, object Value)> AddCertificatesValues(int recorded) => [("@recorded", (long)recorded)];

    /// <summary>The certificates' total from <see cref="CertificateCount"/>'s scalar (none kept yet: none issued).</summary>
    public static long CertificateTotal(object? scalar) => scalar is null or DBNull ? 0 : Convert.ToInt64(scalar, System.Globalization.CultureInfo.InvariantCulture);

    public static IEnumerable<(string Name, object Value)> CertificateValues(IssuedCertificateEntry certificate) =>
    [
        ("@serial_hex", certificate.SerialHex), ("@pledge_serial", certificate.PledgeSerial), ("@subject", certificate.Subject),
        ("@issued_at", certificate.IssuedAt.UtcTicks), ("@not_after", certificate.NotAfter.UtcTicks), ("@re_enrollment", certificate.ReEnrollment),
    ];

    /// <summary>Adds <paramref name="values"/> as parameters of <paramref name="command"/> and returns it.</summary>
    public static T Bind<T>(T command, IEnumerable<(string Name, object Value)> values) where T : DbCommand
    {
        Bind(command.Parameters, command.CreateParameter, values);
        return command;
    }

    /// <summary>Adds <paramref name="values"/> as parameters of <paramref name="command"/> (one statement of a batch).</summary>
    public static void Bind(DbBatchCommand command, IEnumerable<(string Name, object Value)> values) =>
        Bind(command.Parameters, command.CreateParameter, values);

    private static void Bind(DbParameterCollection parameters, Func<DbParameter> create, IEnumerable<(string Name, object Value)> values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value;
            parameters.Add(parameter);
        }
    }

    /// <summary>A row of <see cref="EntryColumns"/>.</summary>
    public static PledgeDirectoryEntry Entry(DbDataReader row) =>
        new(row.GetString(0), (PledgeStatus)row.GetInt32(1), At(row.GetInt64(2)));

    /// <summary>A row of <see cref="CertificateColumns"/>.</summary>
    public static IssuedCertificateEntry Certificate(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), At(row.GetInt64(3)), At(row.GetInt64(4)), row.GetBoolean(5));

    /// <summary>Every status with its count from rows of <see cref="SelectCounts"/>, zeros included.</summary>
    public static IReadOnlyDictionary<PledgeStatus, long> Counts(DbDataReader rows)
    {
        var counts = Enum.GetValues<PledgeStatus>().ToDictionary(s => s, _ => 0L);
        while (rows.Read())
        {
            counts[(PledgeStatus)rows.GetInt32(0)] = rows.GetInt64(1);
        }
        return counts;
    }

    /// <summary>
    /// The total a page already tells: a page not filled holds the last matches (unless it lies past them all),
    /// so a search for a rare text scans the table once, not twice.
    /// </summary>
    public static long? TotalOf(int skip, int take, int found) => found < take && (found > 0 || skip == 0) ? skip + found : null;

    /// <summary>How many pledges are in <paramref name="status"/> (any: all of them).</summary>
    public static long Total(IReadOnlyDictionary<PledgeStatus, long> counts, PledgeStatus? status) =>
        status is { } only ? counts.GetValueOrDefault(only) : counts.Values.Sum();

    public static List<T> ReadAll<T>(DbDataReader rows, Func<DbDataReader, T> map)
    {
        var items = new List<T>();
        while (rows.Read())
        {
            items.Add(map(rows));
        }
        return items;
    }

    private static DateTimeOffset At(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
