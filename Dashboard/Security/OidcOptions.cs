namespace Eals.Dashboard.Security;

/// <summary>
/// Bearer tokens (JWT) of an OpenID Connect provider, accepted when <see cref="Authority"/> and
/// <see cref="Audience"/> are set. The provider's signing keys come from its discovery document.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Dashboard:Oidc";

    /// <summary>The issuer, e.g. https://login.example.com/realms/ops (its /.well-known/openid-configuration is read).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must name (the dashboard's client id at the provider).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the operator's roles (one claim, a string or an array of strings).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim naming the operator in the audit log (falls back to <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Provider role values to ours (viewer, approver, admin); values without an entry count only when they are our role names.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.Ordinal);

    /// <summary>False only for a provider on a trusted local network or in tests: fetch its metadata over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience);
}
