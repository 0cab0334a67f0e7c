using System.ComponentModel.DataAnnotations;
using System.Net;
using Eals.Protocol.Coap;

namespace Eals.Gateway.JoinProxy;

/// <summary>Configuration section "JoinProxy": where pledges reach the proxy, where it forwards to, how fast.</summary>
public sealed class JoinProxyOptions
{
    public const string SectionName = "JoinProxy";

    /// <summary>Most upstream sockets the proxy opens (see <see cref="UpstreamSocketCount"/>).</summary>
    public const int MaxUpstreamSockets = 256;

    /// <summary>The registrar's gateway, host:port (e.g. 127.0.0.1:5683 or [::1]:5683).</summary>
    [Required]
    public string Upstream { get; set; } = "127.0.0.1:5683";

    /// <summary>Address pledges reach the proxy on.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>UDP port pledges reach the proxy on (0 picks a free one).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5683;

    /// <summary>Address the upstream sockets bind (port 0 each); empty: loopback for a loopback upstream, else any of its family.</summary>
    public string UpstreamBind { get; set; } = "";

    /// <summary>Pledge requests forwarded per second, in the long run.</summary>
    [Range(0.001, 1_000_000)]
    public double Rate { get; set; } = 50;

    /// <summary>Pledge requests forwarded at once after a quiet spell.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;

    /// <summary>How long a forwarded request's token stays good for its response; older responses are dropped as replays.</summary>
    public TimeSpan ResponseLifetime { get; set; } = CoapTransmissionParameters.Default.ExchangeLifetime;

    /// <summary>Concurrent receive loops on the pledge socket; 0 means one per core.</summary>
    [Range(0, 256)]
    public int ReceiveLoops { get; set; }

    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int SocketBufferBytes { get; set; } = 4 * 1024 * 1024;

    // Methods, not properties: the configuration binder reads every readable property while binding.
    public IPEndPoint GetUpstreamEndPoint() => IPEndPoint.Parse(Upstream);

    public IPAddress GetUpstreamBindAddress()
    {
        if (UpstreamBind.Length > 0)
        {
            return IPAddress.Parse(UpstreamBind);
        }
        var upstream = GetUpstreamEndPoint().Address;
        bool v6 = upstream.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return IPAddress.IsLoopback(upstream) ? upstream : v6 ? IPAddress.IPv6Any : IPAddress.Any;
    }

    /// <summary>
    /// Upstream sockets needed so that no socket reuses a Message ID within NON_LIFETIME (RFC 7252 section 4.4):
    /// in any NON_LIFETIME the limiter lets through at most Burst + Rate x NON_LIFETIME requests, and each
    /// socket has 65536 IDs.
    /// </summary>
    public int UpstreamSocketCount(CoapTransmissionParameters transmission)
        => (int)Math.Max(1, Math.Ceiling((Burst + Rate * transmission.NonLifetime.TotalSeconds) / 65536));
}
