namespace Eals.Grains.Pacing;

/// <summary>
/// The admission rate: tokens accrue at <c>rate</c> per second up to <c>burst</c>; each admission takes
/// one. Time comes from the caller, so the bucket is tested without a clock.
/// </summary>
public sealed class TokenBucket(double rate, double burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updated = now;

    public double Rate { get; private set; } = rate;

    public double Burst { get; private set; } = burst;

    /// <summary>Takes up to <paramref name="wanted"/> whole tokens; returns how many it took.</summary>
    public int Take(int wanted, DateTimeOffset now)
    {
        Refill(now);
        int taken = (int)Math.Min(wanted, Math.Floor(_tokens));
        _tokens -= taken;
        return Math.Max(taken, 0);
    }

    /// <summary>Gives back tokens taken but not used (a grant the site could not use).</summary>
    public void Return(int tokens) => _tokens = Math.Min(Burst, _tokens + tokens);

    /// <summary>Seconds until <paramref name="tokens"/> more whole tokens will be there (0 when they are).</summary>
    public double SecondsUntil(int tokens, DateTimeOffset now)
    {
        Refill(now);
        double missing = tokens - _tokens;
        return missing <= 0 ? 0 : Rate <= 0 ? double.PositiveInfinity : missing / Rate;
    }

    /// <summary>A new rate and burst at run time; tokens held above the new burst are dropped.</summary>
    public void Reconfigure(double rate, double burst, DateTimeOffset now)
    {
        Refill(now);
        Rate = rate;
        Burst = burst;
        _tokens = Math.Min(_tokens, burst);
    }

    private void Refill(DateTimeOffset now)
    {
        double elapsed = (now - _updated).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Burst, _tokens + elapsed * Rate);
            _updated = now;
        }
    }
}
