using Eals.Protocol.Oscore;

namespace Eals.Protocol.Tests.Oscore;

/// <summary>RFC 8613 section 7.4: the replay window in isolation.</summary>
public sealed class OscoreReplayWindowTests
{
    [Fact]
    public void A_new_window_accepts_any_first_number_including_0()
    {
        Assert.Equal(OscoreReplayCheck.Fresh, new OscoreReplayWindow().Check(0));
        Assert.Equal(OscoreReplayCheck.Fresh, new OscoreReplayWindow().Check(OscoreAlgorithm.MaxSequenceNumber));
    }

    [Fact]
    public void Each_number_is_accepted_once()
    {
        var window = new OscoreReplayWindow();
        window.MarkReceived(5);

        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(5));
        Assert.Throws<InvalidOperationException>(() => window.MarkReceived(5));
    }

    [Fact]
    public void Reordered_numbers_inside_the_window_are_accepted_once_and_older_ones_refused()
    {
        var window = new OscoreReplayWindow(size: 32);
        window.MarkReceived(100);

        Assert.Equal(OscoreReplayCheck.Fresh, window.Check(69));     // 100 - 31: last slot
        Assert.Equal(OscoreReplayCheck.TooOld, window.Check(68));    // 100 - 32: outside
        window.MarkReceived(69);
        window.MarkReceived(99);
        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(69));
        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(99));
        Assert.Equal(OscoreReplayCheck.Fresh, window.Check(98));
        Assert.Equal(100, window.Highest);
    }

    [Fact]
    public void Moving_up_keeps_the_marks_that_stay_inside_and_drops_the_rest()
    {
        var window = new OscoreReplayWindow(size: 8);
        window.MarkReceived(10);
        window.MarkReceived(8);

        window.MarkReceived(14);

        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(10));
        Assert.Equal(OscoreReplayCheck.Fresh, window.Check(9));
        Assert.Equal(OscoreReplayCheck.TooOld, window.Check(6));
        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(8));   // 14 - 8 = 6 < 8: still inside

        window.MarkReceived(100);    // a jump larger than the window clears it
        Assert.Equal(OscoreReplayCheck.TooOld, window.Check(92));
        Assert.Equal(OscoreReplayCheck.Fresh, window.Check(93));
        Assert.Equal(1UL, window.Bitmap);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(64)]
    public void The_size_is_configurable(int size)
    {
        var window = new OscoreReplayWindow(size);
        window.MarkReceived(1000);

        Assert.Equal(OscoreReplayCheck.TooOld, window.Check(1000 - (ulong)size));
        if (size > 1)
        {
            Assert.Equal(OscoreReplayCheck.Fresh, window.Check(1001 - (ulong)size));   // the oldest slot
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Sizes_outside_1_to_64_are_refused(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OscoreReplayWindow(size));
    }

    [Fact]
    public void An_uninitialised_window_says_so_until_initialised_from_a_verified_number()
    {
        var window = OscoreReplayWindow.Uninitialised(32);

        Assert.Equal(OscoreReplayCheck.WindowNotInitialised, window.Check(7));
        window.InitialiseFrom(7);

        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(7));
        Assert.Equal(OscoreReplayCheck.Replayed, window.Check(6));   // lower limit: everything below counts as seen
        Assert.Equal(OscoreReplayCheck.Fresh, window.Check(8));
    }

    [Fact]
    public void Restore_reproduces_the_same_decisions()
    {
        var window = new OscoreReplayWindow(16);
        foreach (ulong n in new ulong[] { 3, 9, 4, 20, 17 })
        {
            window.MarkReceived(n);
        }

        var restored = OscoreReplayWindow.Restore(window.Size, window.Highest, window.Bitmap, window.IsInitialised);

        for (ulong n = 0; n < 40; n++)
        {
            Assert.Equal(window.Check(n), restored.Check(n));
        }
    }
}
