using System.Collections.Concurrent;
using System.Diagnostics;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Runs N real pledges through the whole flow over UDP: mints each an IDevID from the demo manufacturer
/// of the data folder, enrolls it (C at a time, each on its own socket), and writes its domain
/// certificate under <c>pledges/&lt;serial&gt;/</c>.
/// </summary>
public sealed class FleetSimulator(FleetOptions options)
{
    /// <summary>Called after each pledge finishes, with (finished, enrolled, failed).</summary>
    public Action<int, int, int>? OnProgress { get; init; }

    public async Task<FleetReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var pki = PkiDirectory.Open(PkiDirectoryOptions.UnderDataFolder(options.DataFolder), DateTimeOffset.UtcNow, SystemRandomSource.Instance);
        var minter = new IdevidMinter(pki.ManufacturerCa);
        string run = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var serials = Enumerable.Range(1, options.Count).Select(i => $"{options.SerialPrefix}{run}-{i:D6}").ToList();
        var queue = new ConcurrentQueue<string>(serials);
        var results = new ConcurrentDictionary<string, EnrollmentResult>(StringComparer.Ordinal);
        int enrolled = 0, failed = 0;
        var transmission = CoapTransmissionParameters.Default with { AckTimeout = options.AckTimeout };
        using var nonceLog = options.NonceLog is null ? null : OscoreNonceFingerprintLog.AppendTo(options.NonceLog);
        IReadOnlyList<Uri> gateways = [options.Registrar, .. options.MoreGateways];

        async Task WorkAsync()
        {
            await using var connection = await RegistrarConnection.OpenAsync(gateways, options.Loss, transmission).ConfigureAwait(false);
            while (queue.TryDequeue(out var serial))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var idevid = minter.Mint(serial, DateTimeOffset.UtcNow, SystemRandomSource.Instance);
                var credentials = options.Vouchers
                    ? new PledgeCredentials(serial, idevid.Certificate, idevid.PrivateKey, null, pki.ManufacturerCa.Certificate)
                    : new PledgeCredentials(serial, idevid.Certificate, idevid.PrivateKey, pki.DomainCa.Certificate);
                var enroller = new PledgeEnroller(connection.Client, connection.Registrar, credentials, SystemRandomSource.Instance)
                {
                    EncryptionObserver = nonceLog,
                    ServerKeyGeneration = options.ServerKeyGeneration,
                };
                var result = await enroller.EnrollAsync(cancellationToken).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    string folder = PledgeFiles.FolderFor(options.DataFolder, serial);
                    PledgeFiles.WriteIdevid(folder, idevid.Certificate, idevid.PrivateKey);
                    PledgeFiles.WriteLdevid(folder, result.Certificate!, result.Key!);
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

        int workers = Math.Clamp(options.Concurrency, 1, Math.Max(1, options.Count));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, cancellationToken))).ConfigureAwait(false);
        return new FleetReport(serials.ToDictionary(s => s, s => results[s], StringComparer.Ordinal), clock.Elapsed);
    }
}
