using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

public sealed class PledgeQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_the_first_pledges_within_the_free_slots_may_be_admitted_and_the_others_keep_their_place()
    {
        var queue = new PledgeQueue();
        foreach (string pledge in new[] { "a", "b", "c", "d" })
        {
            queue.Enqueue(pledge, T0, slots: 0);
            queue.KeepUntil(pledge, T0.AddMinutes(1));
        }
        Assert.Equal((false, 3L), queue.Enqueue("d", T0, slots: 2));
        Assert.Equal((true, 1L), queue.Enqueue("b", T0, slots: 2));
        queue.Leave("b");
        Assert.Equal((true, 1L), queue.Enqueue("c", T0, slots: 2));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void A_pledge_that_does_not_come_back_in_time_loses_its_place_and_one_that_returns_late_queues_at_the_end()
    {
        var queue = new PledgeQueue();
        queue.Enqueue("gone", T0, 0);
        queue.KeepUntil("gone", T0.AddSeconds(5));
        queue.Enqueue("next", T0, 0);
        queue.KeepUntil("next", T0.AddSeconds(60));
        var later = T0.AddSeconds(10);
        // "gone" missed its deadline: "next" is now first.
        Assert.Equal((true, 0L), queue.Enqueue("next", later, 1));
        Assert.Equal((false, 1L), queue.Enqueue("gone", later, 1));
        Assert.Equal(2, queue.Prune(T0.AddMinutes(5)));
        Assert.Equal(0, queue.Count);
    }
}
