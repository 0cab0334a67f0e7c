namespace Eals.Dashboard.Tests;

/// <summary>One silo shared by the tests of a class (starting one takes seconds); each test uses its own accounts and serials.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private readonly string _data = DashboardHost.NewDataFolder();

    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DashboardHost.StartAsync(_data);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
