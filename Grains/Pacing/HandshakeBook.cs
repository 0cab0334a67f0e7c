namespace Eals.Grains.Pacing;

/// <summary>
/// A site's slots held by handshakes that have not authenticated their pledge yet (a trigger's message_1 sent,
/// no message_2 back; a forward message_1 answered, no message_3 back), each until a short deadline and counted
/// per source (an IP address, or a join proxy's pledge handle). Before a peer has proved itself it may hold a
/// slot only for seconds, and only a few from one source: a flood from one host cannot close a site. Pure: the
/// caller passes the time; in memory only (after a restart the stored lease book ends such leases by their lease).
/// </summary>
public sealed class HandshakeBook
{
    private readonly Dictionary<string, (string Source, DateTimeOffset Deadline)> _byLease = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bySource = new(StringComparer.Ordinal);

    /// <summary>Handshakes holding a slot now.</summary>
    public int Count => _byLease.Count;

    /// <summary>Handshakes of <paramref name="source"/> holding a slot now.</summary>
    public int From(string source) => _bySource.GetValueOrDefault(source);

    public void Add(string leaseId, string source, DateTimeOffset deadline)
    {
        if (_byLease.TryAdd(leaseId, (source, deadline)))
        {
            _bySource[source] = From(source) + 1;
        }
    }

    /// <summary>The handshake authenticated its pledge, or its lease was given back: it no longer counts. False when unknown.</summary>
    public bool End(string leaseId)
    {
        if (!_byLease.Remove(leaseId, out var handshake))
        {
            return false;
        }
        int left = From(handshake.Source) - 1;
        if (left > 0)
        {
            _bySource[handshake.Source] = left;
        }
        else
        {
            _bySource.Remove(handshake.Source);
        }
        return true;
    }

    /// <summary>Ends every handshake past its deadline and returns their lease identifiers (whose slots go back).</summary>
    public List<string> Expire(DateTimeOffset now)
    {
        var overdue = _byLease.Where(h => h.Value.Deadline <= now).Select(h => h.Key).ToList();
        foreach (string leaseId in overdue)
        {
            End(leaseId);
        }
        return overdue;
    }
}
