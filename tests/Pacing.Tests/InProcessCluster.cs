using Orleans.TestingHost;

namespace Eals.Pacing.Tests;

/// <summary>A test cluster of silos in this process, deployed for a test class and disposed after it.</summary>
public abstract class InProcessCluster(TestClusterBuilder builder) : IAsyncLifetime
{
    private readonly TestCluster _cluster = builder.Build();

    public IGrainFactory Grains => _cluster.Client;

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
