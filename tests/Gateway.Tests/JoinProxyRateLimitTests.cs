using Eals.Gateway.JoinProxy;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>The join proxy's rate limit: a burst, then the rate, and how long until the next request may go.</summary>
public sealed class JoinProxyRateLimitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_bucket_lets_the_burst_through_then_says_how_long_until_the_next_token()
    {
        var limit = new JoinProxyRateLimit(ratePerSecond: 0.5, burst: 3, _time);

        Assert.True(limit.TryTake(out _));
        Assert.True(limit.TryTake(out _));
        Assert.True(limit.TryTake(out var none));
        Assert.Equal(TimeSpan.Zero, none);
        Assert.False(limit.TryTake(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(2), wait);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(limit.TryTake(out wait));
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(limit.TryTake(out _));
        Assert.False(limit.TryTake(out _));
    }

    [Fact]
    public void A_long_quiet_spell_refills_no_more_than_the_burst()
    {
        var limit = new JoinProxyRateLimit(ratePerSecond: 10, burst: 2, _time);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(limit.TryTake(out _));
        Assert.True(limit.TryTake(out _));
        Assert.False(limit.TryTake(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.1), wait);
    }

    [Fact]
    public void Takers_on_many_threads_at_once_get_exactly_the_burst()
    {
        var limit = new JoinProxyRateLimit(ratePerSecond: 0.001, burst: 1000, _time);
        int taken = 0;

        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                if (limit.TryTake(out _))
                {
                    Interlocked.Increment(ref taken);
                }
            }
        });

        Assert.Equal(1000, taken);
    }
}
