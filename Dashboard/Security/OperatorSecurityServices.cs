using Eals.Dashboard.Api;
using Eals.Grains.Operators;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Eals.Dashboard.Security;

/// <summary>
/// Operator security of the dashboard host: which scheme authenticates a request (an
/// <c>Authorization: Bearer</c> header: a JWT goes to OIDC when configured, anything else to the API
/// token; no header: the session cookie), the policies, antiforgery, the audit log and the bootstrap
/// admin; <see cref="UseOperatorSecurity"/> puts the middleware in order.
/// </summary>
public static class OperatorSecurityServices
{
    /// <param name="dataProtectionKeys">
    /// Where the keys protecting session cookies and antiforgery tokens are kept: a folder every silo
    /// shares (the data folder), so a session opened on one silo is valid on the others and after a restart.
    /// </param>
    public static IServiceCollection AddOperatorSecurity(this IServiceCollection services, IConfiguration configuration, byte[] operatorTokenHash, string dataProtectionKeys)
    {
        services.AddDataProtection().SetApplicationName("eals-dashboard").PersistKeysToFileSystem(new DirectoryInfo(dataProtectionKeys));
        var oidc = configuration.GetSection(OidcOptions.SectionName).Get<OidcOptions>() ?? new OidcOptions();
        var authentication = services.AddAuthentication(OperatorSchemes.Selector)
            .AddPolicyScheme(OperatorSchemes.Selector, "API token, OIDC bearer token or session cookie", options =>
                options.ForwardDefaultSelector = http => SelectScheme(http.Request, oidc.Enabled))
            .AddScheme<ApiTokenOptions, ApiTokenAuthenticationHandler>(ApiTokenOptions.Scheme, options => options.TokenSha256 = operatorTokenHash)
            .AddCookie(OperatorSchemes.Cookie, options =>
            {
                options.Cookie.Name = "eals.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = OperatorRequests.LoginPath;
                options.LogoutPath = OperatorRequests.LogoutPath;
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.EventsType = typeof(CookieSessionEvents);
            });
        if (oidc.Enabled)
        {
            authentication.AddJwtBearer(OperatorSchemes.Oidc, options =>
            {
                options.Authority = oidc.Authority;
                options.Audience = oidc.Audience;
                options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents { OnTokenValidated = context => OidcRoleMapping.OnTokenValidated(context, oidc) };
            });
        }
        services.AddSingleton<CookieSessionEvents>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(RolePolicy(OperatorRoles.All))
            .AddPolicy(OperatorPolicies.View, RolePolicy(OperatorRoles.All))
            .AddPolicy(OperatorPolicies.Approve, RolePolicy([OperatorRoles.Approver, OperatorRoles.Admin]))
            .AddPolicy(OperatorPolicies.Administer, RolePolicy([OperatorRoles.Admin]));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = CsrfMiddleware.HeaderName;
            options.Cookie.Name = "eals.csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // SecurityHeadersMiddleware sends X-Frame-Options: DENY on every response.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.AddSingleton<OperatorAuditLog>();
        services.AddHostedService<BootstrapAdmin>();
        return services;
    }

    /// <summary>Authentication, then headers, audit, CSRF check, the login redirect for UI pages, then authorization.</summary>
    public static IApplicationBuilder UseOperatorSecurity(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>()
            .UseAuthentication()
            .UseMiddleware<AuditMiddleware>()
            .UseMiddleware<CsrfMiddleware>()
            .UseMiddleware<LoginRedirectMiddleware>()
            .UseAuthorization();

    private static string SelectScheme(HttpRequest request, bool oidcEnabled)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return OperatorSchemes.Cookie;
        }
        // A JWT is three base64url parts; the API token is one.
        return oidcEnabled && header.AsSpan("Bearer ".Length).Trim().Count('.') == 2 ? OperatorSchemes.Oidc : ApiTokenOptions.Scheme;
    }

    private static AuthorizationPolicy RolePolicy(IEnumerable<string> roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(roles).Build();
}
