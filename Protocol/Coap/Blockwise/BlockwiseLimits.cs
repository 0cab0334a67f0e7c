namespace Eals.Protocol.Coap.Blockwise;

/// <summary>Bounds on what block-wise reassembly may buffer, so memory never grows with traffic.</summary>
public sealed record BlockwiseLimits
{
    /// <summary>Largest body accepted through Block1; larger ones get 4.13 with Size1.</summary>
    public int MaxBodySize { get; init; } = 64 * 1024;
    /// <summary>Concurrent reassemblies one peer may hold; a new one evicts that peer's oldest.</summary>
    public int MaxTransfersPerPeer { get; init; } = 4;
    /// <summary>Bytes buffered across all peers; beyond it new transfers get 5.03.</summary>
    public long MaxTotalBytes { get; init; } = 32L * 1024 * 1024;
    /// <summary>Transfers idle this long are dropped (EXCHANGE_LIFETIME by default).</summary>
    public TimeSpan Lifetime { get; init; } = CoapTransmissionParameters.Default.ExchangeLifetime;
    /// <summary>Largest block size this endpoint uses (SZX 6 = 1024 bytes).</summary>
    public int MaxSizeExponent { get; init; } = BlockOption.MaxSizeExponent;

    public int MaxBlockSize => 1 << (MaxSizeExponent + 4);

    public static BlockwiseLimits Default { get; } = new();
}
