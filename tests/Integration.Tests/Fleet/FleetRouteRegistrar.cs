using System.Diagnostics.Metrics;
using Eals.Grains.Pacing;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Integration.Tests.Fleet;

/// <summary>
/// One embedded registrar for the fleet route tests, with its MASA (the AS) and operator API, and two pacing slots
/// so that a fleet of more pledges gets 5.03 + Max-Age and must wait it out; counts this host's pacing admissions.
/// </summary>
public sealed class FleetRouteRegistrar : IAsyncLifetime
{
    public const int Slots = 2;

    private readonly MeterListener _listener = new();
    private long _admitted;

    public string Data { get; } = Path.Combine(Path.GetTempPath(), "eals-fleet-routes-" + Guid.NewGuid().ToString("N"));

    public RegistrarHost Host { get; private set; } = null!;

    /// <summary>Triggers (EDHOC, /authz-info, Full PKI Requests, pre-shared keys' first requests) this registrar's pacing admitted so far.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    public async Task InitializeAsync()
    {
        // No Dashboard:ApiToken: the operator token is the generated data/keys/operator.token, as in the demo.
        Host = await RegistrarHost.StartAsync(Data, 0, "--Pacing:MaxInFlight", Slots.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var meters = Host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this host's meter: other test classes run their own silos in this process.
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == PacingMetrics.MeterName && instrument.Name == "eals.pacing.admitted")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _admitted, value));
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }
}
