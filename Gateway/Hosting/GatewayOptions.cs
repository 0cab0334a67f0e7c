using System.ComponentModel.DataAnnotations;

namespace Eals.Gateway.Hosting;

/// <summary>Configuration section "Gateway".</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>UDP port for CoAP (5683 is the IANA default).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5683;

    /// <summary>Loopback, IPv4 and IPv6: what the gateway binds when no addresses are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultAddresses = ["127.0.0.1", "::1"];

    /// <summary>Addresses to bind, one socket each; empty means <see cref="DefaultAddresses"/>.
    /// (Empty rather than pre-filled: the configuration binder appends to arrays instead of replacing them.)</summary>
    public string[] Addresses { get; set; } = [];

    public IReadOnlyList<string> EffectiveAddresses => Addresses.Length > 0 ? Addresses : DefaultAddresses;

    /// <summary>
    /// Join proxies this gateway trusts (addresses, or CIDR prefixes such as "10.1.0.0/16"): only their requests with an
    /// extended token count as proxied (a site per proxy, pledges by the proxy's handle). Empty: none, every peer is a
    /// direct pledge (<see cref="Enrollment.PledgeOrigins"/>).
    /// </summary>
    public string[] JoinProxies { get; set; } = [];

    /// <summary>Concurrent receive loops per socket; 0 means one per core.</summary>
    [Range(0, 256)]
    public int ReceiveLoops { get; set; }

    /// <summary>Kernel socket buffer size, so bursts are not dropped before the loops read them.</summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int SocketBufferBytes { get; set; } = 4 * 1024 * 1024;

    [Range(16, 10_000_000)]
    public int DeduplicationCapacity { get; set; } = 100_000;

    [Range(1, 1_000_000)]
    public int Block2CacheCapacity { get; set; } = 4096;

    /// <summary>Largest block size the gateway uses, 16..1024 bytes (a power of two).</summary>
    [Range(16, 1024)]
    public int MaxBlockSize { get; set; } = 1024;

    /// <summary>Largest request body accepted through Block1.</summary>
    [Range(16, 16 * 1024 * 1024)]
    public int MaxBodySize { get; set; } = 64 * 1024;

    [Range(1, 1024)]
    public int MaxBlockTransfersPerPeer { get; set; } = 4;

    [Range(1024, long.MaxValue)]
    public long MaxBlockBufferBytes { get; set; } = 32L * 1024 * 1024;

    [Range(8, 65804)]
    public int MaxTokenLength { get; set; } = 255;

    public TimeSpan SeparateResponseAfter { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Block-wise state (Block1 bodies, answers, Block2 representations) in grains that every gateway of the
    /// cluster shares, so the blocks of one transfer may reach different gateways. Unset: shared in cluster
    /// roles (<c>--role silo</c>, <c>--role gateway</c>), this process's own in the embedded default.
    /// </summary>
    public bool? SharedBlockwise { get; set; }

    /// <summary>
    /// Return routability before state (RFC 9175 section 2.4): an EDHOC trigger or forward-flow message_1 must echo a
    /// fresh Echo value (4.01 with Echo otherwise) before any grain hears of it. On unless turned off.
    /// </summary>
    public bool RequireEcho { get; set; } = true;

    /// <summary>How long an Echo value stays fresh; every gateway of a deployment should use the same.</summary>
    public TimeSpan EchoWindow { get; set; } = Protocol.Coap.EchoChallenge.DefaultWindow;
}
