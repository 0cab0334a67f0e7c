namespace Eals.Pledge.Enrollment;

/// <summary>What <c>Pledge fleet</c> runs: how many pledges, against which registrar, how many at once, how lossy.</summary>
public sealed record FleetOptions
{
    public int Count { get; init; } = 10;
    public Uri Registrar { get; init; } = new("coap://127.0.0.1:5683");
    /// <summary>More gateways of the same registrar: each pledge datagram then goes to one of <see cref="Registrar"/> and these at random.</summary>
    public IReadOnlyList<Uri> MoreGateways { get; init; } = [];
    /// <summary>When set, a file that gets one fingerprint per OSCORE encryption the pledges perform (SHA-256 of key ‖ nonce).</summary>
    public string? NonceLog { get; init; }
    public string DataFolder { get; init; } = "data";
    public int Concurrency { get; init; } = 32;
    public double Loss { get; init; }
    /// <summary>CoAP ACK_TIMEOUT of the pledges (RFC 7252 default 2 s).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Prefix of the minted serial numbers; the demo registrar's allow-list admits "EALS-DEMO-*".</summary>
    public string SerialPrefix { get; init; } = "EALS-DEMO-";
    /// <summary>Zero-touch: pledges trust the domain only through a MASA voucher (default); false installs the domain CA in them.</summary>
    public bool Vouchers { get; init; } = true;
    /// <summary>The registrar generates each pledge's key pair (/skg, RFC 9148 section 4.8) instead of the pledge.</summary>
    public bool ServerKeyGeneration { get; init; }
}
