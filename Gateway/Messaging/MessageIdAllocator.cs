namespace Eals.Gateway.Messaging;

/// <summary>Message IDs for messages this endpoint originates: a random start, then sequential (RFC 7252 section 4.4).</summary>
public sealed class MessageIdAllocator
{
    private int _next;

    public MessageIdAllocator(Random random) => _next = random.Next(0, ushort.MaxValue + 1);

    public ushort Next() => (ushort)Interlocked.Increment(ref _next);
}
