using System.Globalization;

namespace Eals.Grains.Pacing;

/// <summary>
/// A site's leases in flight: counted by the second they run out (what is stored, see
/// <see cref="SitePacerGrainState"/>), and known one by one for those admitted in this activation.
/// A lease's identifier carries its deadline second, so a lease admitted before a silo failure can still be
/// given back after it: it is taken off its second's count once (a repeat of the same identifier is ignored,
/// as for a lease of this activation). Pure: no clock, no storage; the caller passes the time.
/// </summary>
public sealed class LeaseBook
{
    private readonly SortedDictionary<long, int> _deadlines = [];
    private readonly Dictionary<string, SlotLeaseRecord> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> _knownBySecond = [];
    private readonly Dictionary<string, long> _releasedFromBefore = new(StringComparer.Ordinal);

    public LeaseBook(SitePacerGrainState stored)
    {
        foreach (var (second, count) in stored.Deadlines.Where(d => d.Value > 0))
        {
            _deadlines[second] = count;
            InFlight += count;
        }
        // The release before this one stored each lease; their identifiers carry no deadline, so keep them known.
        foreach (var (id, lease) in stored.Leases)
        {
            Know(id, lease);
        }
    }

    /// <summary>Leases in flight (admitted, not yet given back or run out).</summary>
    public int InFlight { get; private set; }

    /// <summary>Records an admission and returns the lease's identifier: its deadline second, a dot, then <paramref name="nonce"/>.</summary>
    public string Add(string pledge, DateTimeOffset now, DateTimeOffset deadline, string nonce)
    {
        long second = SecondOf(deadline);
        string id = second.ToString("x", CultureInfo.InvariantCulture) + "." + nonce;
        Know(id, new SlotLeaseRecord(pledge, now, deadline));
        return id;
    }

    /// <summary>
    /// Gives a lease back. False for an identifier already given back, run out or never issued. <paramref name="admittedAt"/>
    /// is known for leases of this activation only.
    /// </summary>
    public bool TryRelease(string id, out DateTimeOffset? admittedAt)
    {
        admittedAt = null;
        if (_known.Remove(id, out var lease))
        {
            long of = SecondOf(lease.Deadline);
            _knownBySecond[of].Remove(id);
            admittedAt = lease.AdmittedAt;
            Count(of, -1);
            return true;
        }
        if (!TryParseSecond(id, out long second) || _releasedFromBefore.ContainsKey(id)
            || _deadlines.GetValueOrDefault(second) <= (_knownBySecond.TryGetValue(second, out var known) ? known.Count : 0))
        {
            return false; // the second's remaining count belongs to leases of this activation, which are known by name
        }
        _releasedFromBefore[id] = second;
        Count(second, -1);
        return true;
    }

    /// <summary>Takes out every lease whose deadline has passed; returns how many ran out.</summary>
    public int Expire(DateTimeOffset now)
    {
        long current = now.ToUnixTimeSeconds();
        var overdue = _deadlines.Keys.TakeWhile(second => second <= current).ToList();
        int expired = 0;
        foreach (long second in overdue)
        {
            expired += _deadlines[second];
            InFlight -= _deadlines[second];
            _deadlines.Remove(second);
            if (_knownBySecond.Remove(second, out var known))
            {
                foreach (string id in known)
                {
                    _known.Remove(id);
                }
            }
        }
        if (_releasedFromBefore.Count > 0)
        {
            foreach (var id in _releasedFromBefore.Where(r => r.Value <= current).Select(r => r.Key).ToList())
            {
                _releasedFromBefore.Remove(id);
            }
        }
        return expired;
    }

    /// <summary>What to store: counts per deadline second (a copy, so later changes never touch a write in progress).</summary>
    public SitePacerGrainState Snapshot() => new() { Deadlines = new Dictionary<long, int>(_deadlines) };

    // The second a lease runs out in, rounded up: a lease never counts as run out before its deadline.
    private static long SecondOf(DateTimeOffset deadline)
    {
        long milliseconds = deadline.ToUnixTimeMilliseconds();
        return milliseconds / 1000 + (milliseconds % 1000 > 0 ? 1 : 0);
    }

    private void Know(string id, SlotLeaseRecord lease)
    {
        long second = SecondOf(lease.Deadline);
        _known[id] = lease;
        if (!_knownBySecond.TryGetValue(second, out var ids))
        {
            _knownBySecond[second] = ids = new HashSet<string>(StringComparer.Ordinal);
        }
        ids.Add(id);
        Count(second, +1);
    }

    private static bool TryParseSecond(string id, out long second)
    {
        second = 0;
        int dot = id.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(id.AsSpan(0, dot), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out second);
    }

    private void Count(long second, int delta)
    {
        int count = _deadlines.GetValueOrDefault(second) + delta;
        if (count > 0)
        {
            _deadlines[second] = count;
        }
        else
        {
            _deadlines.Remove(second);
        }
        InFlight += delta;
    }
}
