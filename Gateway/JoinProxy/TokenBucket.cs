namespace Eals.Gateway.JoinProxy;

/// <summary>
/// A token bucket: <c>burst</c> requests at once, then <c>rate</c> a second. Constant memory, whatever the
/// number of clients; time from the injected <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes one token; when none is left, false and how long until one will be.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        long now = _time.GetTimestamp();
        lock (_lock)
        {
            double elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
            if (elapsed > 0)
            {
                _tokens = Math.Min(_burst, _tokens + elapsed * _ratePerSecond);
                _refilledAt = now;
            }
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _ratePerSecond);
            return false;
        }
    }
}
