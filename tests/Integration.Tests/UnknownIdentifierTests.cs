using System.Security.Cryptography;
using System.Text;
using Eals.Grains.Edhoc;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;
using Eals.Protocol.Oscore;
using Eals.Silo;
using Eals.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Eals.Integration.Tests;

/// <summary>
/// Datagrams naming OSCORE kids or EDHOC connection identifiers that do not exist are answered with the specified
/// error and cost no grain activation and no stored row; contexts whose kids carry no valid tag (a release before
/// the tags) are still served; a stored session that times out leaves no row, even across a restart.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class UnknownIdentifierTests(ITestOutputHelper output) : IDisposable
{
    private const int Datagrams = 10_000;

    private const int InFlight = 32;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-unknown-ids-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Ten_thousand_datagrams_with_random_kids_and_connection_identifiers_activate_no_grain_and_store_nothing()
    {
        await using var host = await RegistrarHost.StartAsync(_data);
        await using var connection = await RegistrarConnection.OpenAsync(host.Registrar);
        var management = host.Grains.GetGrain<IManagementGrain>(0);
        // One enrolled pledge first: the silo's own grains are up, and there is stored state the flood must not add to.
        var pledge = host.MintPledge("EALS-DEMO-UNKNOWN-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        var (enrolling, enroller) = await host.ConnectAsync(pledge);
        await using (enrolling)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            Assert.NotNull((await enroller.EnrollAsync(deadline.Token)).Certificate);
        }
        // What the enrollment reports to the fleet statistics is sent now, not during the flood.
        await host.FlushDirectoryAsync();
        await host.Services.GetRequiredService<Grains.Fleet.FleetReports>().SendAsync();
        await RowsBecomeAsync("fleet-stats", 1);
        // A short warm-up: the stateless worker that asks storage about untagged identifiers is activated (per silo and core, not per identifier).
        var beforeWarmUp = await ActivationsAsync(management);
        await SendUnknownAsync(connection, 200, seed: 1);
        var warmedUp = await ActivationsAsync(management);
        output.WriteLine($"warm-up activations: {Describe(Grown(beforeWarmUp, warmedUp))}");

        var rowsBefore = CountRows();
        string RowsBefore = RowsByState();
        long rssBefore = ResidentBytes();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (kids, connectionIds) = await SendUnknownAsync(connection, Datagrams, seed: 2);
        var elapsed = started.Elapsed;
        long rssAfter = ResidentBytes();
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        // A second round: bounded caches (the gateway's de-duplication of answers, the client's) are full by now; a leak goes on growing.
        await SendUnknownAsync(connection, Datagrams, seed: 3);
        long rssAfterSecond = ResidentBytes();
        long heapAfterSecond = GC.GetTotalMemory(forceFullCollection: true);
        var rowsAfter = CountRows();
        var activations = await ActivationsAsync(management);

        output.WriteLine($"{kids} OSCORE requests with random kids, {connectionIds} EDHOC continuations with random connection identifiers, " +
            $"{InFlight} in flight: {Datagrams / elapsed.TotalSeconds:F0} answered per second (client and silo in one process)");
        output.WriteLine($"RSS {Mb(rssBefore)} -> {Mb(rssAfter)} ({(rssAfter - rssBefore) / (double)Datagrams:F0} bytes per datagram); " +
            $"after another {Datagrams}: {Mb(rssAfterSecond)} ({(rssAfterSecond - rssAfter) / (double)Datagrams:F0} bytes per datagram)");
        output.WriteLine($"live managed heap {Mb(heapBefore)} -> {Mb(heapAfter)} ({(heapAfter - heapBefore) / (double)Datagrams:F0} bytes per datagram); " +
            $"after another {Datagrams}: {Mb(heapAfterSecond)} ({(heapAfterSecond - heapAfter) / (double)Datagrams:F0} bytes per datagram)");
        output.WriteLine($"stored rows {rowsBefore} -> {rowsAfter}; activations {warmedUp.Values.Sum()} -> {activations.Values.Sum()}");
        output.WriteLine($"one storage check of an unknown kid, called from the silo's process: {await MeanCheckMicrosecondsAsync(host):F0} µs");
        var grown = Grown(warmedUp, activations);
        // The stateless worker may add activations up to one per core; nothing else may be activated.
        Assert.True(activations.GetValueOrDefault(WorkerType) <= Environment.ProcessorCount, $"{activations.GetValueOrDefault(WorkerType)} stored-identifier workers");
        Assert.True(grown.All(pair => pair.Key == WorkerType), $"new activations: {Describe(grown)}");
        Assert.True(Grown(beforeWarmUp, warmedUp).All(pair => pair.Key == WorkerType), $"new activations in the warm-up: {Describe(Grown(beforeWarmUp, warmedUp))}");
        Assert.True(rowsBefore == rowsAfter, $"stored rows {RowsBefore} -> {RowsByState()}");
        // Loose: a per-datagram leak of what an activation cost before (about 14 KB) would break it many times over. The live
        // heap after a full collection, not RSS: the server GC keeps memory it grew, which says nothing of what stays live.
        Assert.True(heapAfter - heapBefore < 2048L * Datagrams, $"the live heap grew by {(heapAfter - heapBefore) / 1024} KB");
        Assert.True(heapAfterSecond - heapAfter < 2048L * Datagrams, $"the live heap grew by {(heapAfterSecond - heapAfter) / 1024} KB in the second round");
    }

    [Fact]
    public async Task A_context_whose_kid_has_no_valid_tag_is_still_served()
    {
        // Enrolled under one routing key, then served under another: its kid is then as untagged as a context of the
        // release before the tags, and is found in storage (the pledge that holds it) instead of by its tag.
        int port = FreePorts.Udp();
        var first = await RegistrarHost.StartAsync(_data, port);
        var pledge = first.MintPledge("EALS-DEMO-UNTAGGED-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        var (connection, enroller) = await first.ConnectAsync(pledge);
        await using var _ = connection;
        using var context = await enroller.RunEdhocAsync();
        await first.DisposeAsync();
        File.Delete(Path.Combine(_data, "keys", "gateway.key"));

        await using var second = await RegistrarHost.StartAsync(_data, port);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = await enroller.RequestCertificateAsync(context, key, ".well-known/est/sen");

        var view = await second.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
    }

    [Fact]
    public async Task A_stored_session_that_times_out_leaves_no_row_even_when_the_silo_stopped_meanwhile()
    {
        string[] waitForOperator = ["--Registrar:AllowList:0", "NONE", "--Registrar:EdhocSessionTimeout", "00:00:02"];
        int port = FreePorts.Udp();
        await using (var host = await RegistrarHost.StartAsync(_data, port, waitForOperator))
        {
            // Waits for an operator: stored, then expires while the silo runs.
            await StartWaitingSessionAsync(host);
            Assert.Equal(1, CountRows(EdhocSessionGrainState.StateName));
            await RowsBecomeAsync(EdhocSessionGrainState.StateName, 0);
            // Stored again, and the silo stops before the time-out: its reminder brings it back to be deleted.
            await StartWaitingSessionAsync(host);
            Assert.Equal(1, CountRows(EdhocSessionGrainState.StateName));
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await using (var host = await RegistrarHost.StartAsync(_data, port, waitForOperator))
        {
            await RowsBecomeAsync(EdhocSessionGrainState.StateName, 0);
        }
    }

    [Fact]
    public async Task A_stored_session_whose_connection_identifier_has_no_valid_tag_goes_on()
    {
        // Stored while it waits for an operator, then served under another routing key: its identifier is then as
        // untagged as one of a session stored by the release before the tags, and is found in storage.
        int port = FreePorts.Udp();
        CoapMessage repeat;
        await using (var host = await RegistrarHost.StartAsync(_data, port, "--Registrar:AllowList:0", "NONE"))
        {
            repeat = await StartWaitingSessionAsync(host);
        }
        File.Delete(Path.Combine(_data, "keys", "gateway.key"));
        await using (var host = await RegistrarHost.StartAsync(_data, port, "--Registrar:AllowList:0", "EALS-WAITING-*"))
        {
            await using var connection = await RegistrarConnection.OpenAsync(host.Registrar);
            var answer = await connection.Client.SendAsync(connection.Registrar, repeat);

            Assert.Equal(CoapCode.Changed, answer.Code);
            Assert.False(answer.Payload.IsEmpty); // message_3
        }
    }

    // Reverse flow up to message_2 from a pledge no allow-list entry admits: the registrar answers 5.03 and stores the session.
    // Returns the message_2 request, for the pledge to repeat.
    private static async Task<CoapMessage> StartWaitingSessionAsync(RegistrarHost host)
    {
        var pledge = host.MintPledge("EALS-WAITING-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        await using var connection = await RegistrarConnection.OpenAsync(host.Registrar);
        var trigger = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        var message1 = (await connection.Client.SendAsync(connection.Registrar, trigger)).Payload.ToArray();
        var responder = EdhocResponder.ProcessMessage1(message1, new EdhocResponderOptions([2]), DefaultCipherSuiteCrypto.Instance).Value;
        var message2 = responder.PrepareMessage2(pledge.EdhocIdentity, [0x07], SystemRandomSource.Instance).Value.Message;
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        request.Payload = EdhocCoapTransport.ContinuationRequest(responder.ConnectionIdI, message2);
        var answer = await connection.Client.SendAsync(connection.Registrar, request);
        Assert.Equal(CoapCode.ServiceUnavailable, answer.Code);
        var repeat = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        repeat.Payload = request.Payload;
        return repeat;
    }

    private async Task RowsBecomeAsync(string stateName, int expected)
    {
        // Up to three minutes: after a restart the reminder fires at its next period (a minute here), not at once.
        for (int attempt = 0; CountRows(stateName) != expected; attempt++)
        {
            Assert.True(attempt < 1800, $"{CountRows(stateName)} {stateName} rows, expected {expected}");
            await Task.Delay(100);
        }
    }

    // Random kids (a quarter with a random kid context, as pre-shared keys send) and random connection identifiers,
    // InFlight at a time; every answer must be the specified one.
    private static async Task<(int Kids, int ConnectionIds)> SendUnknownAsync(RegistrarConnection connection, int count, int seed)
    {
        var random = new Random(seed);
        byte[] noSession = EdhocReply.NoSession().Payload;
        int kids = 0, connectionIds = 0;
        for (int start = 0; start < count; start += InFlight)
        {
            var batch = new List<(CoapMessage Request, bool Oscore)>();
            for (int i = start; i < Math.Min(count, start + InFlight); i++)
            {
                bool oscore = i % 2 == 0;
                batch.Add((oscore ? OscoreRequest(random) : EdhocContinuation(random), oscore));
                _ = oscore ? kids++ : connectionIds++;
            }
            var answers = await Task.WhenAll(batch.Select(item => connection.Client.SendAsync(connection.Registrar, item.Request)));
            for (int i = 0; i < answers.Length; i++)
            {
                if (batch[i].Oscore)
                {
                    Assert.Equal(CoapCode.Unauthorized, answers[i].Code);
                    Assert.Equal("Security context not found", Encoding.UTF8.GetString(answers[i].Payload.Span));
                }
                else
                {
                    Assert.Equal(CoapCode.NotFound, answers[i].Code);
                    Assert.Equal(noSession, answers[i].Payload.ToArray());
                }
            }
        }
        return (kids, connectionIds);
    }

    private static CoapMessage OscoreRequest(Random random)
    {
        byte[] kid = Bytes(random, random.Next(1, OscoreAlgorithm.MaxIdLength + 1));
        byte[]? kidContext = random.Next(4) == 0 ? Bytes(random, 8) : null;
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "");
        request.AddOption(new CoapOption(CoapOptionNumber.Oscore, new OscoreOptionValue(Bytes(random, 1), kidContext, kid).Encode()));
        request.Payload = Bytes(random, 40);
        return request;
    }

    private static CoapMessage EdhocContinuation(Random random)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        request.Payload = EdhocCoapTransport.ContinuationRequest(Bytes(random, random.Next(1, OscoreAlgorithm.MaxIdLength + 1)), Bytes(random, 60));
        return request;
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static readonly string WorkerType = typeof(Grains.Routing.StoredIdentifierGrain).FullName + "," + typeof(Grains.Routing.StoredIdentifierGrain).Assembly.GetName().Name;

    private static List<KeyValuePair<string, int>> Grown(Dictionary<string, int> before, Dictionary<string, int> after) =>
        [.. after.Where(pair => pair.Value > before.GetValueOrDefault(pair.Key)).Select(pair => KeyValuePair.Create(pair.Key, pair.Value - before.GetValueOrDefault(pair.Key)))];

    private static string Describe(List<KeyValuePair<string, int>> grown) => grown.Count == 0 ? "none" : string.Join(", ", grown.Select(pair => $"{pair.Key} +{pair.Value}"));

    private static async Task<Dictionary<string, int>> ActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount));

    private long CountRows(string? stateName = null)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, EmbeddedSilo.StorageFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = stateName is null
            ? "SELECT (SELECT COUNT(*) FROM grain_state) + (SELECT COUNT(*) FROM grain_lookup)"
            : "SELECT COUNT(*) FROM grain_state WHERE state_name = $state";
        command.Parameters.AddWithValue("$state", (object?)stateName ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    private string RowsByState()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, EmbeddedSilo.StorageFileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state_name, COUNT(*) FROM grain_state GROUP BY state_name UNION ALL SELECT 'lookup:' || state_name, COUNT(*) FROM grain_lookup GROUP BY state_name";
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read())
        {
            parts.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
        }
        return string.Join(", ", parts);
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024:F1} MB";

    // What the gateway asks for an untagged kid (no kid context): the owner lookup, the context row, the session row.
    private static async Task<double> MeanCheckMicrosecondsAsync(RegistrarHost host)
    {
        const int Checks = 2000;
        var worker = host.Grains.GetGrain<Grains.Routing.IStoredIdentifierGrain>(0);
        var random = new Random(4);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < Checks; i++)
        {
            Assert.False((await worker.FindContextAsync(Convert.ToHexStringLower(Bytes(random, 5)))).Exists);
        }
        return watch.Elapsed.TotalMicroseconds / Checks;
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
