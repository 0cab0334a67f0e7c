using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Eals.Integration.Tests.Operator;

/// <summary>
/// One embedded silo whose operator API the tests read, the fleet figures taken before a small fleet of
/// <see cref="Count"/> simulated pledges enrolled through it, and the serials of those pledges.
/// </summary>
public sealed class EnrolledFleet : IAsyncLifetime
{
    public const string Token = "operator-ui-test-token";
    public const int Count = 3;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-operator-" + Guid.NewGuid().ToString("N"));

    public RegistrarHost Host { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public JsonElement Before { get; private set; }

    public IReadOnlyList<string> Serials { get; private set; } = [];

    public string Data => _data;

    public async Task InitializeAsync()
    {
        Host = await RegistrarHost.StartAsync(_data, 0, "--Dashboard:ApiToken", Token);
        Api = Authorized(Host);
        Before = await Api.GetFromJsonAsync<JsonElement>("/api/fleet");
        var output = new StringWriter();
        int exit = await Eals.Pledge.FleetCommand.RunAsync(
            ["--count", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--registrar", Host.Registrar.ToString(), "--data", _data],
            output, new StringWriter(), showProgress: false);
        Assert.True(exit == 0, output.ToString());
        Serials = [.. Directory.GetDirectories(Path.Combine(_data, "pledges")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        Assert.Equal(Count, Serials.Count);
    }

    public static HttpClient Authorized(RegistrarHost host)
    {
        var api = new HttpClient { BaseAddress = host.Http };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return api;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
