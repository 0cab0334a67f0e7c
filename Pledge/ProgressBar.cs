namespace Eals.Pledge;

/// <summary>A one-line progress bar redrawn in place (at most ten times a second), or nothing when output is not a terminal.</summary>
public sealed class ProgressBar(TextWriter writer, int total, bool enabled)
{
    private const int Width = 40;
    private readonly Lock _gate = new();
    private long _lastDrawTicks;

    public void Update(int finished, int enrolled, int failed)
    {
        if (!enabled)
        {
            return;
        }
        lock (_gate)
        {
            long now = Environment.TickCount64;
            if (finished < total && now - _lastDrawTicks < 100)
            {
                return;
            }
            _lastDrawTicks = now;
            int filled = total == 0 ? Width : (int)((long)finished * Width / total);
            writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {finished}/{total}  enrolled {enrolled}  failed {failed}");
        }
    }

    public void Finish()
    {
        if (enabled)
        {
            writer.WriteLine();
        }
    }
}
