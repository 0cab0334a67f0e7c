using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

public sealed class HandshakeBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Handshakes_are_counted_per_source_until_they_end_or_their_deadline_passes()
    {
        var book = new HandshakeBook();
        book.Add("l1", "10.0.0.1", T0.AddSeconds(5));
        book.Add("l2", "10.0.0.1", T0.AddSeconds(20));
        book.Add("l3", "10.0.0.2", T0.AddSeconds(5));
        book.Add("l1", "10.0.0.1", T0.AddSeconds(5)); // the same lease again counts once
        Assert.Equal((3, 2, 1), (book.Count, book.From("10.0.0.1"), book.From("10.0.0.2")));

        Assert.True(book.End("l2"));
        Assert.False(book.End("l2"));
        Assert.Equal(1, book.From("10.0.0.1"));

        Assert.Empty(book.Expire(T0.AddSeconds(4)));
        Assert.Equal(["l1", "l3"], book.Expire(T0.AddSeconds(5)).Order(StringComparer.Ordinal));
        Assert.Equal((0, 0, 0), (book.Count, book.From("10.0.0.1"), book.From("10.0.0.2")));
    }

    [Fact]
    public void The_queue_counts_places_per_source_and_forgets_them_with_the_place()
    {
        var queue = new PledgeQueue();
        queue.Enqueue("10.0.0.1:1000", T0, 0, "10.0.0.1");
        queue.Enqueue("10.0.0.1:1001", T0, 0, "10.0.0.1");
        queue.Enqueue("10.0.0.1:1001", T0, 0, "10.0.0.1"); // coming back keeps its one place
        queue.Enqueue("handle-a", T0, 0);
        Assert.Equal((2, 1), (queue.From("10.0.0.1"), queue.From("handle-a")));
        Assert.True(queue.Holds("10.0.0.1:1000"));

        queue.Leave("10.0.0.1:1000");
        Assert.Equal(1, queue.From("10.0.0.1"));
        queue.KeepUntil("10.0.0.1:1001", T0.AddSeconds(1));
        Assert.Equal(1, queue.Prune(T0.AddSeconds(2)));
        Assert.True(queue.Holds("handle-a"));
        Assert.Equal(0, queue.From("10.0.0.1"));
    }
}
