using System.Globalization;

namespace Eals.Grains.Pacing;

/// <summary>
/// A site's leases in flight: counted by the second they run out (what is stored, see
/// <see cref="SitePacerGrainState"/>), and known one by one for those admitted in this activation.
/// A lease's identifier carries its deadline second, so a lease admitted before a silo failure can still be
/// given back after it: it is taken off its second's count once (a repeat of the same identifier is ignored,
/// as for a lease of this activation). A handshake's lease is stored under its short deadline (a crash leaves
/// only seconds of it) and moved to the enrollment's deadline when its pledge authenticates (<see cref="TryConfirm"/>);
/// its identifier carries both seconds, so it can be given back after a restart whichever count holds it.
/// Pure: no clock, no storage; the caller passes the time.
/// </summary>
public sealed class LeaseBook
{
    private readonly SortedDictionary<long, int> _deadlines = [];
    private readonly Dictionary<string, SlotLeaseRecord> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<long, HashSet<string>> _knownBySecond = [];
    private readonly Dictionary<string, long> _releasedFromBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _confirmTo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _movedFromBefore = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Records an admission and returns the lease's identifier: its deadline second, a dot, then <paramref name="nonce"/>.
    /// With <paramref name="handshakeUntil"/> the lease counts until then only, unless confirmed (<see cref="TryConfirm"/>),
    /// and the identifier is that second, a dot, the <paramref name="deadline"/>'s second, a dot, then the nonce.
    /// </summary>
    public string Add(string pledge, DateTimeOffset now, DateTimeOffset deadline, string nonce, DateTimeOffset? handshakeUntil = null)
    {
        if (handshakeUntil is { } until && until < deadline)
        {
            string handshake = Hex(SecondOf(until)) + "." + Hex(SecondOf(deadline)) + "." + nonce;
            Know(handshake, new SlotLeaseRecord(pledge, now, until));
            _confirmTo[handshake] = deadline;
            return handshake;
        }
        string id = Hex(SecondOf(deadline)) + "." + nonce;
        Know(id, new SlotLeaseRecord(pledge, now, deadline));
        return id;
    }

    /// <summary>
    /// The handshake holding <paramref name="id"/> authenticated its pledge: the lease now counts until the enrollment's
    /// deadline. False when the lease is no longer counted (given back, run out, unknown) or was no handshake's.
    /// </summary>
    public bool TryConfirm(string id)
    {
        if (_known.TryGetValue(id, out var lease))
        {
            if (!_confirmTo.Remove(id, out var deadline))
            {
                return false;
            }
            Forget(id, lease);
            Know(id, lease with { Deadline = deadline });
            return true;
        }
        // A handshake of the activation before: moved from its short second's count to its long one's, once.
        if (!TryParseSeconds(id, out long first, out long? second) || second is not { } full || _releasedFromBefore.ContainsKey(id)
            || _movedFromBefore.ContainsKey(id) || !HasUnknown(first))
        {
            return false;
        }
        _movedFromBefore[id] = full;
        Count(first, -1);
        Count(full, +1);
        return true;
    }

    /// <summary>
    /// Gives a lease back. False for an identifier already given back, run out or never issued. <paramref name="admittedAt"/>
    /// is known for leases of this activation only.
    /// </summary>
    public bool TryRelease(string id, out DateTimeOffset? admittedAt)
    {
        admittedAt = null;
        if (_known.TryGetValue(id, out var lease))
        {
            Forget(id, lease);
            _confirmTo.Remove(id);
            admittedAt = lease.AdmittedAt;
            return true;
        }
        if (!TryParseSeconds(id, out long first, out long? confirmed) || _releasedFromBefore.ContainsKey(id))
        {
            return false;
        }
        // A lease of the activation before is counted under one of the seconds its identifier names: a handshake's long one
        // once confirmed (here, or before the restart), else the first. Only counts beyond this activation's known leases.
        long? from = _movedFromBefore.Remove(id) ? (HasUnknown(confirmed!.Value) ? confirmed : null)
            : HasUnknown(first) ? first
            : confirmed is { } full && HasUnknown(full) ? full
            : null;
        if (from is not { } second)
        {
            return false; // the seconds' remaining counts belong to leases of this activation, which are known by name
        }
        _releasedFromBefore[id] = confirmed ?? first;
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
        if (_movedFromBefore.Count > 0)
        {
            foreach (var id in _movedFromBefore.Where(r => r.Value <= current).Select(r => r.Key).ToList())
            {
                _movedFromBefore.Remove(id);
            }
        }
        if (_confirmTo.Count > 0)
        {
            foreach (var id in _confirmTo.Keys.Where(id => !_known.ContainsKey(id)).ToList())
            {
                _confirmTo.Remove(id);
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

    // "first.nonce", or a handshake's "first.confirmed.nonce" (the nonce is hex too, so three parts mean a handshake's).
    private static bool TryParseSeconds(string id, out long first, out long? confirmed)
    {
        first = 0;
        confirmed = null;
        string[] parts = id.Split('.');
        if (parts.Length is not (2 or 3) || !long.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out first))
        {
            return false;
        }
        if (parts.Length == 3)
        {
            if (!long.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long full))
            {
                return false;
            }
            confirmed = full;
        }
        return true;
    }

    // Whether the second's count holds more than the leases of this activation known in it (leases from before).
    private bool HasUnknown(long second) =>
        _deadlines.GetValueOrDefault(second) > (_knownBySecond.TryGetValue(second, out var known) ? known.Count : 0);

    private void Forget(string id, SlotLeaseRecord lease)
    {
        long of = SecondOf(lease.Deadline);
        _known.Remove(id);
        _knownBySecond[of].Remove(id);
        Count(of, -1);
    }

    private static string Hex(long second) => second.ToString("x", CultureInfo.InvariantCulture);

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
