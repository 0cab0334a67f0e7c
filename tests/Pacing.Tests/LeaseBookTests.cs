using Eals.Grains.Pacing;

namespace Eals.Pacing.Tests;

/// <summary>A site's leases: counted per deadline second when stored, released once, run out after their deadline.</summary>
public sealed class LeaseBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, 250, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Now.AddMinutes(2);

    [Fact]
    public void A_lease_is_given_back_once()
    {
        var book = new LeaseBook(new SitePacerGrainState());
        string id = book.Add("pledge-1", Now, Deadline, "00aa");

        Assert.Equal(1, book.InFlight);
        Assert.True(book.TryRelease(id, out var admittedAt));
        Assert.Equal(Now, admittedAt);
        Assert.False(book.TryRelease(id, out _));
        Assert.Equal(0, book.InFlight);
    }

    [Fact]
    public void What_is_stored_grows_with_the_deadline_seconds_not_with_the_leases()
    {
        var book = new LeaseBook(new SitePacerGrainState());
        for (int i = 0; i < 10_000; i++)
        {
            book.Add($"pledge-{i}", Now, Deadline.AddMilliseconds(i % 500), i.ToString("x8"));
        }

        var stored = book.Snapshot();

        Assert.Empty(stored.Leases);
        Assert.Single(stored.Deadlines);
        Assert.Equal(10_000, stored.Deadlines.Values.Sum());
    }

    [Fact]
    public void After_a_restart_a_lease_from_before_is_given_back_once_and_unknown_ones_are_ignored()
    {
        var before = new LeaseBook(new SitePacerGrainState());
        string first = before.Add("pledge-1", Now, Deadline, "0001");
        string second = before.Add("pledge-2", Now, Deadline, "0002");
        var after = new LeaseBook(before.Snapshot());
        Assert.Equal(2, after.InFlight);

        Assert.True(after.TryRelease(first, out var admittedAt));
        Assert.Null(admittedAt); // not known in this activation: no hold time to learn from
        Assert.False(after.TryRelease(first, out _));
        Assert.False(after.TryRelease("not-a-lease", out _));
        Assert.False(after.TryRelease("ffffffff.0003", out _)); // a second with no leases in it
        Assert.Equal(1, after.InFlight);
        Assert.True(after.TryRelease(second, out _));
        Assert.Equal(0, after.InFlight);
    }

    [Fact]
    public void A_forged_release_cannot_take_the_count_of_a_lease_admitted_since_the_restart()
    {
        var before = new LeaseBook(new SitePacerGrainState());
        string old = before.Add("pledge-1", Now, Deadline, "0001");
        var after = new LeaseBook(before.Snapshot());
        string recent = after.Add("pledge-2", Now, Deadline, "0002");
        string sameSecond = old[..old.IndexOf('.', StringComparison.Ordinal)] + ".9999";

        Assert.True(after.TryRelease(sameSecond, out _)); // indistinguishable from the old lease: takes its count
        Assert.False(after.TryRelease(old, out _)); // the second's remaining count is the recent lease's
        Assert.Equal(1, after.InFlight);
        Assert.True(after.TryRelease(recent, out _));
        Assert.Equal(0, after.InFlight);
    }

    [Fact]
    public void Leases_run_out_only_after_their_deadline()
    {
        var book = new LeaseBook(new SitePacerGrainState());
        string id = book.Add("pledge-1", Now, Now.AddSeconds(1), "0001");
        book.Add("pledge-2", Now, Now.AddSeconds(5), "0002");

        Assert.Equal(0, book.Expire(Now.AddSeconds(1)));
        Assert.Equal(0, book.Expire(Now.AddSeconds(1.74))); // the deadline second is rounded up
        Assert.Equal(1, book.Expire(Now.AddSeconds(2.75)));
        Assert.Equal(1, book.InFlight);
        Assert.False(book.TryRelease(id, out _));
        Assert.Equal(1, book.Expire(Now.AddSeconds(10)));
        Assert.Equal(0, book.InFlight);
    }

    [Fact]
    public void Leases_stored_one_by_one_by_the_release_before_are_counted_and_can_be_given_back()
    {
        var stored = new SitePacerGrainState();
        stored.Leases["0e9519abb6520c39"] = new SlotLeaseRecord("pledge-1", Now, Deadline);
        stored.Leases["4f54e192e0903631"] = new SlotLeaseRecord("pledge-2", Now, Deadline.AddSeconds(3));

        var book = new LeaseBook(stored);

        Assert.Equal(2, book.InFlight);
        Assert.True(book.TryRelease("0e9519abb6520c39", out var admittedAt));
        Assert.Equal(Now, admittedAt);
        var snapshot = book.Snapshot();
        Assert.Empty(snapshot.Leases);
        Assert.Equal(1, snapshot.Deadlines.Values.Sum());
    }

    [Fact]
    public void A_handshake_lease_runs_out_after_seconds_unless_confirmed_and_a_confirmed_one_keeps_the_enrollment_deadline()
    {
        var book = new LeaseBook(new SitePacerGrainState());
        string stalled = book.Add("stalled", Now, Deadline, "0001", handshakeUntil: Now.AddSeconds(20));
        string authenticated = book.Add("authenticated", Now, Deadline, "0002", handshakeUntil: Now.AddSeconds(20));
        Assert.True(book.TryConfirm(authenticated));
        Assert.False(book.TryConfirm(authenticated)); // once
        Assert.False(book.TryConfirm(book.Add("plain", Now, Deadline, "0003"))); // no handshake's
        Assert.Equal(3, book.InFlight);

        Assert.Equal(1, book.Expire(Now.AddSeconds(21)));
        Assert.False(book.TryRelease(stalled, out _));
        Assert.False(book.TryConfirm(stalled)); // too late: the site no longer counts it
        Assert.Equal(2, book.InFlight);
        Assert.True(book.TryRelease(authenticated, out _));
        Assert.Equal(1, book.InFlight);
    }

    [Fact]
    public void After_a_restart_a_dead_handshake_holds_its_slot_only_for_its_seconds_and_a_live_one_can_still_be_confirmed_and_released()
    {
        var before = new LeaseBook(new SitePacerGrainState());
        string dead = before.Add("dead", Now, Deadline, "0001", handshakeUntil: Now.AddSeconds(20));
        string live = before.Add("live", Now, Deadline, "0002", handshakeUntil: Now.AddSeconds(20));
        string confirmedBefore = before.Add("confirmed", Now, Deadline, "0003", handshakeUntil: Now.AddSeconds(20));
        Assert.True(before.TryConfirm(confirmedBefore));

        var after = new LeaseBook(before.Snapshot());
        Assert.Equal(3, after.InFlight);
        Assert.True(after.TryConfirm(live));
        Assert.False(after.TryConfirm(live));
        // The dead session's slot comes back with its handshake second, not two minutes later.
        Assert.Equal(1, after.Expire(Now.AddSeconds(21)));
        Assert.Equal(2, after.InFlight);
        Assert.False(after.TryConfirm(dead)); // its session died with the silo; had it lived, too late now
        Assert.True(after.TryRelease(live, out _));
        Assert.True(after.TryRelease(confirmedBefore, out _));
        Assert.False(after.TryRelease(confirmedBefore, out _));
        Assert.Equal(0, after.InFlight);
    }
}
