using System.ComponentModel.DataAnnotations;
using Eals.Protocol.Coap;
using Eals.Protocol.Coap.Blockwise;

namespace Eals.Gateway.Messaging;

/// <summary>Message-layer settings of one CoAP endpoint. Every cache it keeps is bounded by one of these.</summary>
public sealed class CoapEndpointOptions
{
    public CoapTransmissionParameters Transmission { get; set; } = CoapTransmissionParameters.Default;

    public BlockwiseLimits Blockwise { get; set; } = BlockwiseLimits.Default;

    /// <summary>Requests remembered for de-duplication (RFC 7252 section 4.5); the oldest go first when full.</summary>
    [Range(16, 10_000_000)]
    public int DeduplicationCapacity { get; set; } = 100_000;

    /// <summary>Large response bodies kept for Block2 follow-up requests.</summary>
    [Range(1, 1_000_000)]
    public int Block2CacheCapacity { get; set; } = 4096;

    /// <summary>Longest token accepted; RFC 8974 allows up to 65804, a join proxy needs a few dozen.</summary>
    [Range(8, CoapMessageParser.MaxExtendedTokenLength)]
    public int MaxTokenLength { get; set; } = 255;

    /// <summary>A handler still running after this long gets an empty ACK, then a separate response (RFC 7252 5.2.2).</summary>
    public TimeSpan SeparateResponseAfter { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Outstanding client exchanges (requests this endpoint sent and awaits answers to).</summary>
    [Range(1, 10_000_000)]
    public int MaxClientExchanges { get; set; } = 100_000;
}
