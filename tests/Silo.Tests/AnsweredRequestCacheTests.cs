using Eals.Grains.Oscore;

namespace Eals.Silo.Tests;

public sealed class AnsweredRequestCacheTests
{
    [Fact]
    public void A_request_is_known_by_its_oscore_option_and_ciphertext_together()
    {
        var cache = new AnsweredRequestCache();
        cache.Add(AnsweredRequestCache.Fingerprint([0x09, 0x05, 0x01], [1, 2, 3]), [0xAA]);

        Assert.True(cache.TryGet(AnsweredRequestCache.Fingerprint([0x09, 0x05, 0x01], [1, 2, 3]), out var answer));
        Assert.Equal([0xAA], answer);
        Assert.False(cache.TryGet(AnsweredRequestCache.Fingerprint([0x09, 0x05, 0x01], [1, 2, 4]), out _));
        Assert.False(cache.TryGet(AnsweredRequestCache.Fingerprint([0x09, 0x06, 0x01], [1, 2, 3]), out _));
        // The option's length is hashed: bytes moved between option and ciphertext are another request.
        Assert.False(cache.TryGet(AnsweredRequestCache.Fingerprint([0x09, 0x05], [0x01, 1, 2, 3]), out _));
    }

    [Fact]
    public void Only_the_last_few_answers_are_kept()
    {
        var cache = new AnsweredRequestCache(capacity: 2);
        for (byte i = 0; i < 3; i++)
        {
            cache.Add(AnsweredRequestCache.Fingerprint([i], []), [i]);
        }

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet(AnsweredRequestCache.Fingerprint([0], []), out _));
        Assert.True(cache.TryGet(AnsweredRequestCache.Fingerprint([2], []), out var newest));
        Assert.Equal([2], newest);
    }
}
