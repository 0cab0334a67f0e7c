using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_burst_is_available_at_once_then_tokens_come_at_the_rate()
    {
        var bucket = new TokenBucket(rate: 10, burst: 5, T0);
        Assert.Equal(5, bucket.Take(100, T0));
        Assert.Equal(0, bucket.Take(1, T0));
        Assert.Equal(0.1, bucket.SecondsUntil(1, T0), 6);
        Assert.Equal(3, bucket.Take(100, T0.AddMilliseconds(300)));
        // Never more than the burst, however long it was quiet.
        Assert.Equal(5, bucket.Take(100, T0.AddHours(1)));
    }

    [Fact]
    public void Returned_tokens_and_a_new_rate_apply()
    {
        var bucket = new TokenBucket(rate: 1, burst: 10, T0);
        Assert.Equal(10, bucket.Take(10, T0));
        bucket.Return(4);
        Assert.Equal(4, bucket.Take(10, T0));
        bucket.Reconfigure(rate: 100, burst: 2, T0);
        Assert.Equal(2, bucket.Take(10, T0.AddSeconds(1)));
    }
}
