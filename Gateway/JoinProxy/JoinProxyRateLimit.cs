using Eals.Grains.Pacing;

namespace Eals.Gateway.JoinProxy;

/// <summary>
/// The join proxy's own rate limit on forwarded requests: the pacer's <see cref="TokenBucket"/> (burst, then
/// rate), made safe for every receive loop at once and read against the injected clock. Constant memory,
/// whatever the number of pledges.
/// </summary>
public sealed class JoinProxyRateLimit
{
    private readonly TokenBucket _bucket;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public JoinProxyRateLimit(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _time = time;
        _bucket = new TokenBucket(ratePerSecond, burst, time.GetUtcNow());
    }

    /// <summary>Takes one token; when none is left, false and how long until one will be.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_bucket.Take(1, now) == 1)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds(_bucket.SecondsUntil(1, now));
            return false;
        }
    }
}
