namespace Eals.Dashboard.Security;

/// <summary>Names of the authentication schemes the dashboard host accepts.</summary>
public static class OperatorSchemes
{
    /// <summary>The default scheme: picks one of the others for each request (see <see cref="OperatorSecurityServices"/>).</summary>
    public const string Selector = "Operator";

    /// <summary>Session cookie of the browser UI, after a login with a local account.</summary>
    public const string Cookie = "Cookie";

    /// <summary>JWT bearer tokens of the configured OpenID Connect provider.</summary>
    public const string Oidc = "Oidc";
}
