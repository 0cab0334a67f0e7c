using Eals.Gateway.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

public sealed class BoundedCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Never_holds_more_than_its_capacity_and_evicts_oldest_first()
    {
        var cache = new BoundedCache<int, string>(100, _time, shardCount: 1);
        for (int i = 0; i < 10_000; i++)
        {
            cache.TryAdd(i, $"v{i}", TimeSpan.FromMinutes(5), out _);
        }

        Assert.Equal(100, cache.Count);
        Assert.False(cache.TryGet(0, out _));
        Assert.True(cache.TryGet(9_999, out var newest));
        Assert.Equal("v9999", newest);
    }

    [Fact]
    public void TryAdd_returns_the_live_entry_instead_of_replacing_it()
    {
        var cache = new BoundedCache<string, int>(10, _time);
        Assert.True(cache.TryAdd("k", 1, TimeSpan.FromSeconds(10), out _));

        Assert.False(cache.TryAdd("k", 2, TimeSpan.FromSeconds(10), out var existing));
        Assert.Equal(1, existing);
    }

    [Fact]
    public void Entries_expire_after_their_lifetime()
    {
        var cache = new BoundedCache<string, int>(10, _time);
        cache.TryAdd("k", 1, TimeSpan.FromSeconds(10), out _);

        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.False(cache.TryGet("k", out _));
        Assert.True(cache.TryAdd("k", 2, TimeSpan.FromSeconds(10), out _));
        Assert.False(cache.TryUpdate("absent", 3));
    }

    [Fact]
    public void Removals_and_re_inserts_do_not_grow_memory()
    {
        var cache = new BoundedCache<int, int>(8, _time, shardCount: 1);
        for (int i = 0; i < 100_000; i++)
        {
            cache.TryAdd(i % 4, i, TimeSpan.FromMinutes(1), out _);
            cache.TryRemove(i % 4);
        }

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Concurrent_writers_keep_the_bound()
    {
        var cache = new BoundedCache<int, int>(1000, TimeProvider.System);
        await Parallel.ForAsync(0, 200_000, (i, cancellation) =>
        {
            cache.TryAdd(i, i, TimeSpan.FromMinutes(1), out _);
            return ValueTask.CompletedTask;
        });

        Assert.InRange(cache.Count, 1, 1000);
    }
}
