using System.Text;
using Eals.Pledge;

namespace Eals.Integration.Tests.Psk;

/// <summary>The route's commands as an operator and a device use them: psk-mint, the batch import of its file, enroll-psk twice.</summary>
public sealed class PskCommandTests(PskRegistrar registrar) : IClassFixture<PskRegistrar>, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "eals-psk-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Minted_keys_import_as_a_batch_and_enroll_psk_enrolls_twice_with_the_same_key()
    {
        var mintOutput = new StringWriter();
        Assert.Equal(0, PskCommand.Mint(["--count", "3", "--prefix", "EALS-PSK-CLI-", "--out", _folder], mintOutput, TextWriter.Null));
        string importFile = Path.Combine(_folder, "psk-import.jsonl");
        var batch = await registrar.Api.PostAsync("/api/psk/batch", new StringContent(await File.ReadAllTextAsync(importFile), Encoding.UTF8, "application/x-ndjson"));
        Assert.True(batch.IsSuccessStatusCode, await batch.Content.ReadAsStringAsync());
        string pledge = Directory.GetDirectories(Path.Combine(_folder, "pledges"))[0];
        string keyFile = Path.Combine(pledge, "psk.json");

        for (int run = 1; run <= 2; run++)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = await PskCommand.EnrollAsync(["--psk", keyFile, "--registrar", registrar.Host.Registrar.ToString()], output, error);

            Assert.True(exit == 0, $"run {run}: {error}");
            Assert.StartsWith("enrolled: ", output.ToString(), StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(pledge, "ldevid.pem")));
        Assert.True(File.Exists(keyFile + ".seq"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public async Task Enroll_psk_without_a_key_file_prints_its_usage()
    {
        var error = new StringWriter();

        int exit = await PskCommand.EnrollAsync(["--serial", "X"], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains("--psk is required", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(PskCommand.EnrollUsage, error.ToString(), StringComparison.Ordinal);
    }
}
