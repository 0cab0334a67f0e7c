namespace Eals.Gateway.JoinProxy;

/// <summary>Counters of the join proxy (one interlocked add each): all it keeps, whatever the number of pledges.</summary>
public sealed class JoinProxyStatistics
{
    private long _forwarded;
    private long _relayed;
    private long _rateLimited;
    private long _unauthenticated;
    private long _expired;
    private long _malformed;
    private long _ignored;

    /// <summary>Pledge requests sent on to the registrar.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);
    /// <summary>Registrar responses handed back to a pledge.</summary>
    public long Relayed => Interlocked.Read(ref _relayed);
    /// <summary>Pledge requests answered 5.03 by the proxy's own rate limit.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    /// <summary>Responses dropped because their token was not one this proxy sealed (tampered, forged, other key).</summary>
    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);
    /// <summary>Responses dropped because their token is older than the response lifetime.</summary>
    public long Expired => Interlocked.Read(ref _expired);
    /// <summary>Datagrams that are not CoAP.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);
    /// <summary>Well-formed messages the proxy has no use for (responses from pledges, requests from upstream, pings, strangers).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    internal void Forward() => Interlocked.Increment(ref _forwarded);
    internal void Relay() => Interlocked.Increment(ref _relayed);
    internal void Limit() => Interlocked.Increment(ref _rateLimited);
    internal void Unauthentic() => Interlocked.Increment(ref _unauthenticated);
    internal void Expire() => Interlocked.Increment(ref _expired);
    internal void Malform() => Interlocked.Increment(ref _malformed);
    internal void Ignore() => Interlocked.Increment(ref _ignored);
}
