namespace Eals.Masa.Tests;

/// <summary>Base of test classes that talk to one MASA started with default options for each test.</summary>
public abstract class RunningMasa : IAsyncLifetime, IDisposable
{
    private MasaServer? _masa;

    protected TestWorld World { get; } = new();

    protected MasaServer Masa => _masa ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _masa = await MasaServer.StartAsync(World.Data);

    public async Task DisposeAsync()
    {
        if (_masa is not null)
        {
            await _masa.DisposeAsync();
        }
    }

    public void Dispose()
    {
        World.Dispose();
        GC.SuppressFinalize(this);
    }
}
