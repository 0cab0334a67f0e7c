using System.Threading.Channels;

namespace Eals.Dashboard.Live;

/// <summary>One connected client's queue of events; disposing it leaves the hub.</summary>
public sealed class LiveSubscription(Channel<LiveEvent> channel, Action<LiveSubscription> leave) : IDisposable
{
    /// <summary>Events a slow client has not read are dropped oldest first beyond this.</summary>
    public const int Capacity = 256;

    public ChannelReader<LiveEvent> Reader => channel.Reader;

    internal bool Offer(LiveEvent item) => channel.Writer.TryWrite(item);

    public void Dispose()
    {
        leave(this);
        channel.Writer.TryComplete();
    }

    internal static LiveSubscription Create(Action<LiveSubscription> leave) =>
        new(Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }), leave);
}
