using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Eals.Dashboard.Tests;

/// <summary>
/// A minimal OpenID Connect provider on 127.0.0.1: the discovery document and the JWKS with one ES256
/// key, and tokens signed with it (or with a key it does not publish, or none at all).
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string Audience = "eals-dashboard";
    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private OidcProvider(WebApplication app) => _app = app;

    public string Issuer => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new OidcProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = provider.Issuer,
            ["jwks_uri"] = provider.Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { provider.PublicJwk() } }));
        await app.StartAsync();
        return provider;
    }

    /// <summary>A token for <paramref name="name"/> with <paramref name="roles"/> in the "roles" claim.</summary>
    public string Token(string name, string[] roles, string? audience = Audience, TimeSpan? expiresIn = null, bool strangerKey = false)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires.AddMinutes(-20),
            NotBefore = expires.AddMinutes(-20),
            Expires = expires,
            Claims = new Dictionary<string, object> { ["preferred_username"] = name, ["sub"] = "sub-" + name, ["roles"] = roles },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(strangerKey ? _stranger : _key) { KeyId = "test-key" }, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The same claims with "alg": "none" and no signature.</summary>
    public string UnsignedToken(string name, string[] roles)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }));
        string payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Audience, ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600, ["preferred_username"] = name, ["roles"] = roles,
        }));
        return $"{header}.{payload}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
        _stranger.Dispose();
    }

    private object PublicJwk()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return new { kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = "test-key", x = Base64Url(parameters.Q.X!), y = Base64Url(parameters.Q.Y!) };
    }

    private static string Base64Url(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
}
