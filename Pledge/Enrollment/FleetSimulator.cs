using System.Collections.Concurrent;
using System.Diagnostics;
using Eals.Protocol.Coap;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Runs N real pledges through the whole flow over UDP on the route of the options: provisions them as the
/// route needs (IDevIDs from the demo manufacturer of the data folder, pre-shared keys imported, access tokens
/// ordered), enrolls them (C at a time, each on its own socket), and writes each domain certificate under
/// <c>pledges/&lt;serial&gt;/</c> (unless <see cref="FleetOptions.WriteCredentials"/> is off), timing each pledge from its start to its certificate. Waits (5.03 + Max-Age: pacing, operator approval) are the routes' enrollers' own.
/// </summary>
public sealed class FleetSimulator(FleetOptions options)
{
    /// <summary>Called after each pledge finishes, with (finished, enrolled, failed).</summary>
    public Action<int, int, int>? OnProgress { get; init; }

    public async Task<FleetReport> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        var clock = Stopwatch.StartNew();
        var processorTime = ProcessorTime();
        using var route = CreateRoute(options);
        string run = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var serials = Enumerable.Range(1, options.Count).Select(i => $"{options.SerialPrefix}{run}-{i:D6}").ToList();
        // Pledges the route could not provision count as failed at that step; the others enroll.
        var results = new ConcurrentDictionary<string, EnrollmentResult>(await route.ProvisionAsync(serials, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        int enrolled = 0, failed = results.Count;
        if (failed > 0)
        {
            OnProgress?.Invoke(failed, 0, failed);
        }
        var queue = new ConcurrentQueue<string>(serials.Where(s => !results.ContainsKey(s)));
        var times = new ConcurrentQueue<TimeSpan>();
        var transmission = CoapTransmissionParameters.Default with { AckTimeout = options.AckTimeout };
        IReadOnlyList<Uri> gateways = [options.Registrar, .. options.MoreGateways];

        async Task WorkAsync()
        {
            await using var connection = await RegistrarConnection.OpenAsync(gateways, options.Loss, transmission, spreading: options.Spread).ConfigureAwait(false);
            while (queue.TryDequeue(out var serial))
            {
                cancellationToken.ThrowIfCancellationRequested();
                long started = Stopwatch.GetTimestamp();
                connection.NextPledge();
                var result = await route.EnrollAsync(serial, connection, cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    times.Enqueue(Stopwatch.GetElapsedTime(started));
                    if (options.WriteCredentials)
                    {
                        PledgeFiles.WriteLdevid(PledgeFiles.FolderFor(options.DataFolder, serial), result.Certificate!, result.Key!, durable: false);
                    }
                    Interlocked.Increment(ref enrolled);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
                results[serial] = result;
                OnProgress?.Invoke(Volatile.Read(ref enrolled) + Volatile.Read(ref failed), Volatile.Read(ref enrolled), Volatile.Read(ref failed));
            }
        }

        // No socket at all when no pledge is left to enroll (every one failed its provisioning).
        int workers = queue.IsEmpty ? 0 : Math.Clamp(options.Concurrency, 1, queue.Count);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, cancellationToken))).ConfigureAwait(false);
        return new FleetReport(options.Route, serials.ToDictionary(s => s, s => results[s], StringComparer.Ordinal), clock.Elapsed)
        {
            ProcessorTime = ProcessorTime() - processorTime,
            EnrollmentTimes = [.. times],
        };
    }

    /// <summary>CPU time of the whole process so far (all threads, user and system).</summary>
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static IFleetRoute CreateRoute(FleetOptions options) => options.Route switch
    {
        EnrollmentRoute.Cmc => new CmcFleetRoute(options),
        EnrollmentRoute.Ace => new AceFleetRoute(options),
        EnrollmentRoute.Psk => new PskFleetRoute(options),
        _ => new EdhocFleetRoute(options),
    };
}
