using Eals.Pledge.Enrollment;
using Eals.Tests.Shared;

namespace Eals.Pledge.Tests;

/// <summary>
/// The fleet's options for runs in batches: <c>--serial-prefix</c> reaches the simulator, which names every pledge with it (so
/// separate fleet runs against one registrar, as the million-pledge benchmark's batches, never share a serial), bad prefixes are
/// usage errors; <c>--no-credential-files</c> turns the credential files off (what it leaves unwritten: FleetRouteTests, with a registrar).
/// </summary>
public sealed class FleetCommandOptionsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-fleet-prefix-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_option_sets_the_prefix_and_the_default_stays_the_demo_allow_list()
    {
        Assert.Equal("EALS-DEMO-0100000-", FleetCommand.ParseOptions(["--count", "3", "--serial-prefix", "EALS-DEMO-0100000-"]).SerialPrefix);
        Assert.Equal("EALS-DEMO-", FleetCommand.ParseOptions(["--count", "3"]).SerialPrefix);
    }

    [Fact]
    public void Credential_files_are_written_unless_turned_off()
    {
        Assert.True(FleetCommand.ParseOptions(["--count", "3"]).WriteCredentials);
        Assert.False(FleetCommand.ParseOptions(["--count", "3", "--no-credential-files"]).WriteCredentials);
    }

    [Fact]
    public void Spread_over_gateways_is_per_request_unless_asked_per_pledge()
    {
        Assert.Equal(GatewaySpreading.Datagram, FleetCommand.ParseOptions(["--count", "3"]).Spread);
        Assert.Equal(GatewaySpreading.Pledge, FleetCommand.ParseOptions(["--count", "3", "--spread", "pledge"]).Spread);
        var problem = Assert.Throws<ArgumentException>(() => FleetCommand.ParseOptions(["--count", "3", "--spread", "flow"]));
        Assert.Contains("--spread must be datagram or pledge", problem.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EALS DEMO")]
    [InlineData("EALS-DEMO-/..")]
    [InlineData("EALS-DEMO-0123456789-0123456789-0123")]
    public async Task A_bad_prefix_is_a_usage_error(string prefix)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await FleetCommand.RunAsync(["--count", "1", "--serial-prefix", prefix, "--data", _data], output, error, showProgress: false);

        Assert.Equal(2, exit);
        Assert.Contains("--serial-prefix must be", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_pledge_of_a_run_is_named_with_the_prefix_and_two_runs_share_no_serial()
    {
        // Nobody listens at this operator API: the PSK route's key import fails at once, after the pledges are named
        // (and their key files written under pledges/SERIAL/), so no enrollment is tried.
        Directory.CreateDirectory(_data);
        string token = Path.Combine(_data, "operator.token");
        File.WriteAllText(token, "token\n");
        var options = FleetCommand.ParseOptions(["--count", "4", "--serial-prefix", "EALS-DEMO-B7-", "--data", _data,
            "--route", "psk", "--api-url", $"http://127.0.0.1:{FreePorts.Tcp()}/", "--api-token-file", token]);

        var first = await new FleetSimulator(options).RunAsync();
        var second = await new FleetSimulator(options).RunAsync();

        Assert.Equal(4, first.Results.Count);
        Assert.All(first.Results.Keys.Concat(second.Results.Keys), s => Assert.StartsWith("EALS-DEMO-B7-", s, StringComparison.Ordinal));
        Assert.Empty(first.Results.Keys.Intersect(second.Results.Keys));
        Assert.Equal(first.Results.Keys.Concat(second.Results.Keys).Order(StringComparer.Ordinal),
            Directory.GetDirectories(Path.Combine(_data, "pledges")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(0, first.Enrolled);
        Assert.Empty(first.EnrollmentTimes);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
