using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Eals.Silo.Tests;

/// <summary>The embedded default keeps grain state in the data folder's SQLite file across restarts, and serves the dashboard host.</summary>
public sealed class EmbeddedSiloStorageTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-silo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Grain_state_survives_a_restart_of_the_process()
    {
        await using (var first = EmbeddedSilo.Build(SiloArguments.For(_data)))
        {
            await first.StartAsync();
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("pledge-1");
            await grain.Add(5);
            await grain.Add(7);
            await first.StopAsync();
        }
        Assert.True(File.Exists(Path.Combine(_data, EmbeddedSilo.StorageFileName)));

        await using var second = EmbeddedSilo.Build(SiloArguments.For(_data));
        await second.StartAsync();
        var again = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ITallyGrain>("pledge-1");
        Assert.Equal(12, await again.Get());
        await second.StopAsync();
    }

    [Fact]
    public async Task The_dashboard_host_answers_on_its_configured_url()
    {
        await using var app = EmbeddedSilo.Build(SiloArguments.For(_data));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

        using var http = new HttpClient();
        string health = await http.GetStringAsync(new Uri(new Uri(address), "/healthz"));

        Assert.Equal("ok", health);
        await app.StopAsync();
    }
}

public interface ITallyGrain : IGrainWithStringKey
{
    Task Add(int amount);

    Task<int> Get();
}

/// <summary>A grain with persistent state, written through the silo's default storage.</summary>
public sealed class TallyGrain([PersistentState("tally")] IPersistentState<TallyState> state) : Grain, ITallyGrain
{
    public async Task Add(int amount)
    {
        state.State.Total += amount;
        await state.WriteStateAsync();
    }

    public Task<int> Get() => Task.FromResult(state.State.Total);
}

[GenerateSerializer]
public sealed class TallyState
{
    [Id(0)] public int Total { get; set; }
}
