namespace Eals.Grains.Pacing;

/// <summary>
/// One site's waiting pledges in order of their first trigger (first come, first served). A pledge keeps
/// its place while it comes back when told; one that does not return within its deadline loses it, so a
/// vanished pledge cannot hold up the ones behind it. Not thread-safe: owned by one grain activation.
/// </summary>
public sealed class PledgeQueue
{
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byPledge = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bySource = new(StringComparer.Ordinal);
    private long _nextTicket;

    public int Count => _order.Count;

    /// <summary>Whether <paramref name="pledge"/> holds a place (live or not yet pruned).</summary>
    public bool Holds(string pledge) => _byPledge.ContainsKey(pledge);

    /// <summary>Places held by pledges of <paramref name="source"/> (see <see cref="Enqueue"/>).</summary>
    public int From(string source) => _bySource.GetValueOrDefault(source);

    /// <summary>Ticket of the oldest waiting pledge (or the next ticket when none waits).</summary>
    private long HeadTicket => _order.First?.Value.Ticket ?? _nextTicket;

    /// <summary>
    /// Puts <paramref name="pledge"/> in the queue if it is not there, and returns whether it is among the
    /// first <paramref name="slots"/> live entries (then it may be admitted) and about how many wait ahead of it.
    /// Entries past their deadline met on the way are removed. <paramref name="source"/> (an IP address, a proxy's
    /// pledge handle) is what <see cref="From"/> counts; by default the pledge is its own source.
    /// </summary>
    public (bool WithinSlots, long Ahead) Enqueue(string pledge, DateTimeOffset now, int slots, string? source = null)
    {
        if (!_byPledge.TryGetValue(pledge, out var node) || node.Value.Deadline < now)
        {
            if (node is not null)
            {
                Remove(node);
            }
            node = _order.AddLast(new Entry(pledge, source ?? pledge, _nextTicket++, now + TimeSpan.FromSeconds(30)));
            _byPledge[pledge] = node;
            _bySource[node.Value.Source] = From(node.Value.Source) + 1;
        }
        int seen = 0;
        for (var current = _order.First; current is not null && seen < slots;)
        {
            var next = current.Next;
            if (current.Value.Deadline < now && current != node)
            {
                Remove(current);
            }
            else if (current == node)
            {
                return (true, seen);
            }
            else
            {
                seen++;
            }
            current = next;
        }
        return (false, Math.Max(seen, node.Value.Ticket - HeadTicket));
    }

    /// <summary>Sets by when the pledge must come back to keep its place.</summary>
    public void KeepUntil(string pledge, DateTimeOffset deadline)
    {
        if (_byPledge.TryGetValue(pledge, out var node))
        {
            node.Value = node.Value with { Deadline = deadline };
        }
    }

    /// <summary>The pledge was admitted (or gave up): it leaves the queue.</summary>
    public void Leave(string pledge)
    {
        if (_byPledge.TryGetValue(pledge, out var node))
        {
            Remove(node);
        }
    }

    /// <summary>Drops every entry past its deadline; returns how many.</summary>
    public int Prune(DateTimeOffset now)
    {
        int removed = 0;
        for (var current = _order.First; current is not null;)
        {
            var next = current.Next;
            if (current.Value.Deadline < now)
            {
                Remove(current);
                removed++;
            }
            current = next;
        }
        return removed;
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _byPledge.Remove(node.Value.Pledge);
        int left = From(node.Value.Source) - 1;
        if (left > 0)
        {
            _bySource[node.Value.Source] = left;
        }
        else
        {
            _bySource.Remove(node.Value.Source);
        }
    }

    private readonly record struct Entry(string Pledge, string Source, long Ticket, DateTimeOffset Deadline);
}
