namespace Eals.Grains.Cmc;

/// <summary>Configuration section "Registrar:Cmc": full CMC enrollment (RFC 5272) at /.well-known/est/fullcmc.</summary>
public sealed class CmcOptions
{
    public const string SectionName = "Registrar:Cmc";

    /// <summary>
    /// PEM files, each with the certificate of a registration authority (a security gateway) trusted to
    /// sign Full PKI Requests on behalf of pledges; the pledge is then named by its PKCS#10's serialNumber.
    /// The certificate itself is pinned: only a request signed with exactly that certificate is accepted.
    /// </summary>
    public string[] RegistrationAuthorities { get; set; } = [];

    /// <summary>
    /// How far a request's signingTime may be from the registrar's clock either way; each senderNonce is
    /// remembered for this long after its signingTime, so a replay within the window is recognised.
    /// </summary>
    public TimeSpan SigningTimeWindow { get; set; } = TimeSpan.FromMinutes(5);
}
