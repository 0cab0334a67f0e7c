using Eals.Gateway.JoinProxy;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>The join proxy's rate limit: a burst, then the rate, and how long until the next token.</summary>
public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_bucket_lets_the_burst_through_then_says_how_long_until_the_next_token()
    {
        var bucket = new TokenBucket(ratePerSecond: 0.5, burst: 3, _time);

        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out var none));
        Assert.Equal(TimeSpan.Zero, none);
        Assert.False(bucket.TryTake(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(2), wait);

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(bucket.TryTake(out wait));
        Assert.Equal(TimeSpan.FromSeconds(0.5), wait);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out _));
    }

    [Fact]
    public void A_long_quiet_spell_refills_no_more_than_the_burst()
    {
        var bucket = new TokenBucket(ratePerSecond: 10, burst: 2, _time);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(bucket.TryTake(out _));
        Assert.True(bucket.TryTake(out _));
        Assert.False(bucket.TryTake(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(0.1), wait);
    }
}
