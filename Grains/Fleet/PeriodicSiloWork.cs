using Orleans.Runtime;

namespace Eals.Grains.Fleet;

/// <summary>
/// Runs <paramref name="work"/> every <paramref name="every"/> while the silo is active, and once more when it
/// stops, while grains can still be called: the loop behind the silo's batched updates to shared grains.
/// </summary>
public sealed class PeriodicSiloWork(string name, TimeSpan every, TimeProvider time, Func<Task> work) : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(name, ServiceLifecycleStage.Active, _ =>
    {
        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }, async _ =>
    {
        if (_stopping is not null && _loop is not null)
        {
            await _stopping.CancelAsync();
            await _loop;
        }
        await work();
    });

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await work();
        }
    }
}
