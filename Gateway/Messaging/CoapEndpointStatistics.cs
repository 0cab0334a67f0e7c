namespace Eals.Gateway.Messaging;

/// <summary>Counters of the message layer, cheap enough for the hot path (one interlocked add each).</summary>
public sealed class CoapEndpointStatistics
{
    private long _datagramsReceived;
    private long _malformed;
    private long _resetsSent;
    private long _duplicates;
    private long _requests;
    private long _retransmissions;
    private long _separateResponses;
    private long _handlerFailures;

    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);
    public long Malformed => Interlocked.Read(ref _malformed);
    public long ResetsSent => Interlocked.Read(ref _resetsSent);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Requests => Interlocked.Read(ref _requests);
    public long Retransmissions => Interlocked.Read(ref _retransmissions);
    public long SeparateResponses => Interlocked.Read(ref _separateResponses);
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    internal void Received() => Interlocked.Increment(ref _datagramsReceived);
    internal void MalformedDatagram() => Interlocked.Increment(ref _malformed);
    internal void ResetSent() => Interlocked.Increment(ref _resetsSent);
    internal void Duplicate() => Interlocked.Increment(ref _duplicates);
    internal void Request() => Interlocked.Increment(ref _requests);
    internal void Retransmitted() => Interlocked.Increment(ref _retransmissions);
    internal void SeparateResponse() => Interlocked.Increment(ref _separateResponses);
    internal void HandlerFailure() => Interlocked.Increment(ref _handlerFailures);
}
