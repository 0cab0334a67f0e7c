namespace Eals.Protocol.Coap;

/// <summary>The transmission parameters of RFC 7252 section 4.8 and the times derived from them (4.8.2).</summary>
public sealed record CoapTransmissionParameters
{
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(2);
    public double AckRandomFactor { get; init; } = 1.5;
    public int MaxRetransmit { get; init; } = 4;
    public int NStart { get; init; } = 1;
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromSeconds(100);
    public TimeSpan ProcessingDelay => AckTimeout;

    public static CoapTransmissionParameters Default { get; } = new();

    /// <summary>ACK_TIMEOUT * ((2 ** MAX_RETRANSMIT) - 1) * ACK_RANDOM_FACTOR: 45 s by default.</summary>
    public TimeSpan MaxTransmitSpan => AckTimeout * (((1 << MaxRetransmit) - 1) * AckRandomFactor);

    /// <summary>ACK_TIMEOUT * ((2 ** (MAX_RETRANSMIT + 1)) - 1) * ACK_RANDOM_FACTOR: 93 s by default.</summary>
    public TimeSpan MaxTransmitWait => AckTimeout * (((1 << (MaxRetransmit + 1)) - 1) * AckRandomFactor);

    /// <summary>MAX_TRANSMIT_SPAN + 2 * MAX_LATENCY + PROCESSING_DELAY: 247 s by default.</summary>
    public TimeSpan ExchangeLifetime => MaxTransmitSpan + (2 * MaxLatency) + ProcessingDelay;

    /// <summary>MAX_TRANSMIT_SPAN + MAX_LATENCY: 145 s by default.</summary>
    public TimeSpan NonLifetime => MaxTransmitSpan + MaxLatency;
}
