using Eals.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Eals.Cluster.Tests;

/// <summary>
/// A PostgreSQL server of the test's own: initdb into a new temp folder, listening on a free port on
/// 127.0.0.1 only (its unix socket in the same folder), stopped and deleted at the end. Run as the
/// <c>postgres</c> user when the tests run as root, since PostgreSQL refuses root. Needs the Debian
/// <c>postgresql</c> package (test.sh installs it).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Superuser = "eals";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eals-pg-" + Guid.NewGuid().ToString("N"));
    private readonly string? _namespace;
    private readonly string _address;
    private string _bin = "";
    private bool _started;

    public PostgresServer()
        : this(null, "127.0.0.1")
    {
    }

    /// <summary>A server inside <paramref name="networkNamespace"/> (a pod), listening on <paramref name="address"/>, open to its network.
    /// Internal: xUnit makes a collection fixture through its one public constructor.</summary>
    internal PostgresServer(string? networkNamespace, string address)
    {
        _namespace = networkNamespace;
        _address = address;
    }

    public int Port { get; private set; }

    private string DataFolder => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            Run("chown", ["-R", "postgres:postgres", _folder]);
        }
        RunAsServerUser(Path.Combine(_bin, "initdb"), ["-D", DataFolder, "-U", Superuser, "--auth=trust", "--encoding=UTF8", "--no-sync"]);
        Port = _namespace is null ? FreePorts.Tcp() : 5432;
        if (_namespace is not null)
        {
            File.AppendAllText(Path.Combine(DataFolder, "pg_hba.conf"), "host all all 0.0.0.0/0 trust\n");
        }
        // fsync off: the tests kill silos, not the database; max_connections for several silos' pools.
        string serverOptions = $"-p {Port} -k {_folder} -c listen_addresses={_address} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        RunAsServerUser(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-o", serverOptions, "-w", "-t", "60", "start"]);
        _started = true;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
    }

    /// <summary>A new, empty database on this server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "eals_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = _address, Port = Port, Database = database, Username = Superuser, Pooling = true, MaxPoolSize = 50 }.ConnectionString;

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            RunAsServerUser(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        return Task.CompletedTask;
    }

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException($"No PostgreSQL server under {root}: install the Debian package 'postgresql' (test.sh does).");
    }

    private void RunAsServerUser(string program, string[] arguments)
    {
        string[] inNamespace = _namespace is null ? [] : ["ip", "netns", "exec", _namespace];
        string[] command = Environment.UserName == "root" ? [.. inNamespace, "runuser", "-u", "postgres", "--", program, .. arguments] : [.. inNamespace, program, .. arguments];
        Run(command[0], command[1..]);
    }

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{error.Result}");
        }
    }

}
