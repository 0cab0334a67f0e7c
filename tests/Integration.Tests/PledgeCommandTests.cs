using Eals.Pledge;
using Eals.Pledge.Enrollment;

namespace Eals.Integration.Tests;

/// <summary>The pledge's public commands against a running registrar: `fleet` and `enroll`, and pre-registered pledge records.</summary>
public sealed class PledgeCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunFleetAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await FleetCommand.RunAsync(args, output, error, showProgress: false);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Fleet_enrolls_every_pledge_writes_their_files_and_prints_the_summary()
    {
        await using var host = await RegistrarHost.StartAsync(_data);

        var (exit, output, _) = await RunFleetAsync("--count", "5", "--registrar", host.Registrar.ToString(), "--data", _data, "--concurrency", "3");

        Assert.Equal(0, exit);
        Assert.StartsWith("enrolled: 5, failed: 0", output, StringComparison.Ordinal);
        var folders = Directory.GetDirectories(Path.Combine(_data, "pledges"));
        Assert.Equal(5, folders.Length);
        Assert.All(folders, folder =>
        {
            Assert.True(File.Exists(Path.Combine(folder, "ldevid.pem")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "ldevid.key")));
            }
        });
    }

    [Fact]
    public async Task Fleet_reports_refused_pledges_with_their_reason_and_fails()
    {
        await using var host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:AllowList:0", "NOBODY-*", "--Registrar:UnknownPledges", "Reject");

        var (exit, output, _) = await RunFleetAsync("--count", "2", "--registrar", host.Registrar.ToString(), "--data", _data);

        Assert.Equal(1, exit);
        Assert.StartsWith("enrolled: 0, failed: 2 (2 x edhoc:", output, StringComparison.Ordinal);
        Assert.Contains("enrollment not authorised", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--loss", "1.5")]
    [InlineData("--registrar", "http://example.org")]
    [InlineData("--bogus", "1")]
    public async Task Fleet_refuses_bad_options_with_usage(string option, string value)
    {
        var (exit, _, error) = await RunFleetAsync(option, value);

        Assert.Equal(2, exit);
        Assert.Contains("usage: Pledge fleet", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_takes_a_real_devices_files_and_writes_its_certificate_under_its_preregistered_record()
    {
        const string serial = "EALS-DEMO-DEVICE-42";
        await using var host = await RegistrarHost.StartAsync(_data, 0,
            "--Enrollment:Organization", "ACME Water",
            "--Enrollment:Pledges:" + serial + ":CommonName", "pump-7");
        var device = host.MintPledge(serial);
        string folder = Path.Combine(_data, "device");
        PledgeFiles.WriteIdevid(folder, device.Idevid, device.IdevidKey);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await EnrollCommand.RunAsync(
            ["--idevid", Path.Combine(folder, "idevid.pem"), "--key", Path.Combine(folder, "idevid.key"), "--trust", Path.Combine(_data, "ca", "ca.pem"),
             "--registrar", host.Registrar.ToString(), "--out", folder],
            output, error);

        Assert.True(exit == 0, error.ToString());
        var (verifyExit, verified) = OpenSsl.Run("verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), Path.Combine(folder, "ldevid.pem"));
        Assert.True(verifyExit == 0, verified);
        var (_, subject) = OpenSsl.Run("x509", "-in", Path.Combine(folder, "ldevid.pem"), "-noout", "-subject", "-nameopt", "RFC2253");
        Assert.Contains("CN=pump-7", subject, StringComparison.Ordinal);
        Assert.Contains("O=ACME Water", subject, StringComparison.Ordinal);
        Assert.Contains($"serialNumber={serial}", subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enroll_without_its_files_prints_usage()
    {
        var error = new StringWriter();

        int exit = await EnrollCommand.RunAsync(["--idevid", "x.pem"], new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("usage: Pledge enroll", error.ToString(), StringComparison.Ordinal);
    }
}
