using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Eals.Grains.Edhoc;
using Eals.Grains.Pledges;
using Eals.Grains.Telemetry;

namespace Eals.Integration.Tests;

/// <summary>
/// The path of one zero-touch enrollment (issue 14): from its authentication on, the pledge's grain owns it,
/// so each exchange is one write of that grain (authentication, CSR, each status report) and the grains
/// talk to each other only where a shared decision is needed (pacing, the certificate's serial). Counted
/// from the running system's own meters, with no other test enrolling meanwhile.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EnrollmentPathTests
{
    private const string Token = "enrollment-path-test-token";

    [Fact]
    public async Task Each_exchange_of_a_zero_touch_enrollment_is_one_write_of_the_pledge_grain_which_owns_its_oscore_context()
    {
        string data = Path.Combine(Path.GetTempPath(), "eals-path-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var host = await RegistrarHost.StartAsync(data);
            string serial = "EALS-DEMO-PATH-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
            var pledge = host.MintPledge(serial);
            using var counted = new CountedMeters();
            var (connection, enroller) = await host.ConnectAsync(pledge);
            await using (connection)
            {
                var result = await enroller.EnrollAsync();
                Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
            }

            // Trigger, message_2, CSR, voucher-status, enroll-status: the pledge grain wrote four of them, once each
            // (message_2's with the kid and the certificate's serial as lookup keys); the session, before the identity
            // was known, nothing (the hosted MASA repeats a voucher, so it is not stored on its own); nothing went to a
            // context grain or a certificate record of its own.
            Assert.Equal(4, counted.Writes("pledge"));
            Assert.Equal(0, counted.Writes("edhoc"));
            Assert.Equal(0, counted.Writes("oscore"));
            Assert.Equal(0, counted.Writes("approval"));
            Assert.Equal(0, counted.Writes("certificate"));
            // Grain to grain: the session tells the pledge once; the pledge never calls a context grain or the
            // approvals for an allow-listed pledge; the directory (a table, no grain) and statistics hear of it in batches, outside grains.
            Assert.Equal(1, counted.GrainToGrain(nameof(IPledgeGrain)));
            Assert.Equal(0, counted.GrainToGrain("ISecurityContextGrain"));
            Assert.Equal(0, counted.GrainToGrain("IApprovalGrain"));
            Assert.Equal(0, counted.GrainToGrain("IFleetStatsGrain"));
            // The certificate's serial is unique by the pledge's own write; its slot goes back in a batch.
            Assert.Equal(0, counted.GrainToGrain("ICertificateRecordGrain"));
            Assert.Equal(1, counted.GrainToGrain("ISitePacerGrain"));

            var kid = Convert.ToHexStringLower(enroller.LastConnectionIdI!);
            Assert.Equal(serial, await host.Grains.GetGrain<IEdhocSessionGrain>(kid).OwnerAsync());
            var view = await host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
            Assert.Equal(PledgeStatus.Enrolled, view.Status);
            var record = await host.Grains.GetGrain<IPledgeGrain>(serial).GetCertificateAsync(view.Certificate!.SerialHex.ToLowerInvariant());
            Assert.Equal(view.Certificate.Der, record!.Der);
            foreach (var (step, outcome) in new[] { ("voucher", "issued"), ("approval", "approved"), ("edhoc", "authenticated"), ("enroll", "issued"), ("voucher-status", "success"), ("enroll-status", "success") })
            {
                Assert.Contains(view.Timeline, e => e.Step == step && e.Outcome == outcome);
            }
            // Another identifier is not this pledge's context: its grain says so and keeps nothing.
            var other = await host.Grains.GetGrain<IPledgeGrain>(serial).HandleProtectedAsync([0x40, 0x02, 0, 1], "00ff", "site", "pledge");
            Assert.Null(other.Owner);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task An_operators_rejection_outweighs_the_allow_list()
    {
        string data = Path.Combine(Path.GetTempPath(), "eals-path-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var host = await RegistrarHost.StartAsync(data, 0, "--Dashboard:ApiToken", Token);
            using var api = new HttpClient { BaseAddress = host.Http };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var pledge = host.MintPledge("EALS-DEMO-STOLEN-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)));
            (await api.PostAsJsonAsync($"/api/approvals/{pledge.SerialNumber}/reject", new { reason = "reported stolen" })).EnsureSuccessStatusCode();
            var (connection, enroller) = await host.ConnectAsync(pledge);
            await using var _ = connection;

            var result = await enroller.EnrollAsync();

            Assert.False(result.Succeeded);
            var view = await host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
            Assert.Null(view.Certificate);
            Assert.Contains(view.Timeline, e => e.Step == "authorize" && e.Outcome == "failed");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Grain calls and storage writes counted while it lives.</summary>
    private sealed class CountedMeters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _counts = new();

        public CountedMeters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is GrainCallMetrics.MeterName or "Eals.Storage")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string key = instrument.Name;
                foreach (var tag in tags)
                {
                    key += $"|{tag.Key}={tag.Value}";
                }
                _counts.AddOrUpdate(key, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long Writes(string state) => _counts.GetValueOrDefault($"eals.storage.writes|eals.state={state}");

        public long GrainToGrain(string grainInterface) => _counts
            .Where(c => c.Key.StartsWith($"eals.grain.calls|{GrainCallMetrics.SourceTag}=grain|", StringComparison.Ordinal)
                && c.Key.EndsWith("." + grainInterface, StringComparison.Ordinal))
            .Sum(c => c.Value);

        public void Dispose() => _listener.Dispose();
    }
}
