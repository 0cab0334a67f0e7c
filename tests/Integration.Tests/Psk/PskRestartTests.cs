using Eals.Tests.Shared;
using System.Security.Cryptography;
using Eals.Grains.Psk;
using Eals.Pledge.Enrollment;

namespace Eals.Integration.Tests.Psk;

/// <summary>A key, its context's replay window and the record of its secrets survive a silo restart.</summary>
public sealed class PskRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-psk-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task After_a_restart_the_key_still_enrolls_its_pledge_and_its_secret_is_still_refused_again()
    {
        int port = FreePorts.Udp();
        var key = PskKeyFile.Mint("EALS-PSK-RESTART-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)));
        var import = new PskImport(key.Serial, $"serialNumber={key.Serial}", key.IdContext, key.MasterSecret, "test");
        string grainKey = Convert.ToHexStringLower(key.IdContext);
        Directory.CreateDirectory(_data);
        string sequenceFile = Path.Combine(_data, "pledge.seq");
        await using (var first = await RegistrarHost.StartAsync(_data, port))
        {
            Assert.Null(await first.Grains.GetGrain<IPskGrain>(grainKey).ImportAsync(import));
            Assert.True((await PskRegistrar.EnrollAsync(first.Registrar, key, FileSequenceNumberStore.Open(sequenceFile))).Succeeded);
        }

        await using var second = await RegistrarHost.StartAsync(_data, port);

        var again = await PskRegistrar.EnrollAsync(second.Registrar, key, FileSequenceNumberStore.Open(sequenceFile));
        Assert.True(again.Succeeded, $"{again.FailedStep}: {again.Reason}");
        Assert.Contains("already imported", await second.Grains.GetGrain<IPskGrain>(grainKey).ImportAsync(import), StringComparison.Ordinal);
        Assert.NotNull((await second.Grains.GetGrain<IPskGrain>(grainKey).GetAsync())!.FirstUsedAt);
    }
}
