namespace Eals.Pledge.Enrollment;

/// <summary>What <c>Pledge fleet</c> runs: how many pledges, over which route, against which registrar, how many at once, how lossy.</summary>
public sealed record FleetOptions
{
    public int Count { get; init; } = 10;
    public EnrollmentRoute Route { get; init; } = EnrollmentRoute.Edhoc;
    public Uri Registrar { get; init; } = new("coap://127.0.0.1:5683");
    /// <summary>More gateways of the same registrar: the pledges' requests then go to <see cref="Registrar"/> and these, as <see cref="Spread"/> says.</summary>
    public IReadOnlyList<Uri> MoreGateways { get; init; } = [];
    /// <summary>With several gateways: each request to one at random (default), or each pledge's requests to one of them.</summary>
    public GatewaySpreading Spread { get; init; } = GatewaySpreading.Datagram;
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
    /// <summary>
    /// Each enrolled pledge's IDevID and LDevID, with their keys, written under <c>pledges/&lt;serial&gt;/</c> (default); false for runs
    /// too large to keep them (about 20 KiB of disk a pledge). What a route provisions before enrolling (PSKs, access tokens) is written either way.
    /// </summary>
    public bool WriteCredentials { get; init; } = true;
    /// <summary>The registrar generates each pledge's key pair (/skg, RFC 9148 section 4.8) instead of the pledge.</summary>
    public bool ServerKeyGeneration { get; init; }
    /// <summary>The operator API the PSK route imports its keys through (e.g. http://127.0.0.1:8080/).</summary>
    public Uri? ApiUrl { get; init; }
    /// <summary>The file holding the operator API's bearer token; default <c>DATA/keys/operator.token</c>.</summary>
    public string? ApiTokenFile { get; init; }
    /// <summary>The MASA (its AS) the ACE route orders its tokens from (e.g. http://127.0.0.1:8080/masa/).</summary>
    public Uri? MasaUrl { get; init; }
    /// <summary>The file holding the MASA's admin token; default <c>DATA/masa/admin.token</c>.</summary>
    public string? MasaTokenFile { get; init; }

    public string ApiTokenFileOrDefault => ApiTokenFile ?? Path.Combine(DataFolder, "keys", "operator.token");

    public string MasaTokenFileOrDefault => MasaTokenFile ?? Path.Combine(DataFolder, "masa", "admin.token");

    /// <summary>What is wrong with these options for their route (an actionable message), or null.</summary>
    public string? Problem() => Route switch
    {
        EnrollmentRoute.Psk when ApiUrl is null => "--route psk needs --api-url (the operator API, e.g. http://127.0.0.1:8080/) to import the pledges' keys",
        EnrollmentRoute.Ace when MasaUrl is null => "--route ace needs --masa-url (the MASA, e.g. http://127.0.0.1:8080/masa/) to order the pledges' access tokens",
        not EnrollmentRoute.Psk when ApiUrl is not null || ApiTokenFile is not null => "--api-url and --api-token-file are for --route psk",
        not EnrollmentRoute.Ace when MasaUrl is not null || MasaTokenFile is not null => "--masa-url and --masa-token-file are for --route ace",
        not EnrollmentRoute.Edhoc when !Vouchers || ServerKeyGeneration || NonceLog is not null => "--no-vouchers, --server-keygen and --nonce-log are for --route edhoc",
        _ => null,
    };
}
