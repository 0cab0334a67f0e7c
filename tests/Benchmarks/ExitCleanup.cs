namespace Eals.Benchmarks;

/// <summary>
/// Runs a clean-up (kill the child processes, stop PostgreSQL) on Ctrl+C and SIGTERM as well, not only on the way
/// out of the command's finally block; the handlers go when this is disposed, after running it once more.
/// </summary>
public sealed class ExitCleanup : IDisposable
{
    private readonly Action _cleanup;
    private readonly ConsoleCancelEventHandler _onCancel;
    private readonly EventHandler _onExit;

    public ExitCleanup(Action cleanup)
    {
        _cleanup = cleanup;
        _onCancel = (_, _) => cleanup();
        _onExit = (_, _) => cleanup();
        Console.CancelKeyPress += _onCancel;
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    public void Dispose()
    {
        _cleanup();
        Console.CancelKeyPress -= _onCancel;
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
    }
}
