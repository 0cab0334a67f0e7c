using System.Security.Cryptography;
using Eals.Masa.Requests;
using Eals.Masa.Signing;
using Eals.Protocol.Ace;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Eals.Masa.Ace;

/// <summary>
/// The AS's token endpoint for the manufacturer (RFC 9200 section 5.8, issued out of band): a CWT signed by the
/// MASA key (COSE_Sign1, x5chain the MASA certificate) naming the pledge (sub), the registrar (aud) and the scope,
/// with a fresh cti; a fresh client key for the pledge and a fresh OSCORE master secret and salt, stored sealed.
/// </summary>
public sealed partial class AccessTokenIssuer(MasaSigningIdentity identity, AceTokenStore store, AceSecretBox box, TimeProvider time, ILogger<AccessTokenIssuer> logger)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    /// <summary>The AS's name in the iss claim: the MASA certificate's common name.</summary>
    public string IssuerName => identity.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);

    /// <param name="issuedAt">The token's iat (default now): a factory that mints tokens in batches dates them when it did.</param>
    public IssuedAccessToken Issue(AccessTokenOrder order, DateTimeOffset? issuedAt = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        string serial = order.Serial ?? throw Bad("serial is required");
        try
        {
            DistinguishedNames.RequireSerialNumber(serial);
        }
        catch (PkiException)
        {
            throw Bad("serial must be 1 to 64 PrintableString characters");
        }
        string audience = order.Audience is { Length: > 0 and <= 255 } a ? a : throw Bad("audience (the registrar's name) is required, at most 255 characters");
        string scope = order.Scope ?? AceLabels.EnrollmentScope;
        var lifetime = order.LifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw Bad($"lifetimeSeconds must be from 1 to {(long)MaxLifetime.TotalSeconds}");
        }
        var iat = DateTimeOffset.FromUnixTimeSeconds((issuedAt ?? time.GetUtcNow()).ToUnixTimeSeconds());
        var claims = new AccessTokenClaims(IssuerName, serial, audience, iat + lifetime, iat, RandomNumberGenerator.GetBytes(16), scope);
        var secrets = new AceTokenSecrets(
            RandomNumberGenerator.GetBytes(AceTokenSecrets.ClientKeyLength),
            RandomNumberGenerator.GetBytes(AceTokenSecrets.MasterSecretLength),
            RandomNumberGenerator.GetBytes(AceTokenSecrets.SaltLength));
        var token = CoseSign1.Sign(claims.Encode(), new CoseSigner(identity.Key, null, [identity.Certificate.RawData]));
        store.Add(new AceTokenRecord(claims.TokenId, serial, audience, scope, claims.IssuedAt, claims.ExpiresAt, box.Seal(secrets.ToBytes(), SealPurpose(claims.TokenId))));
        LogIssued(logger, serial, audience, scope, Convert.ToHexStringLower(claims.TokenId), claims.ExpiresAt);
        return new IssuedAccessToken(Base64Url(token), Base64Url(secrets.ClientKey), Convert.ToHexStringLower(claims.TokenId), serial, audience, scope, claims.ExpiresAt);
    }

    /// <summary>
    /// Revokes the token whose cti is <paramref name="tokenId"/> (hex): introspection answers it inactive from now
    /// on and its secrets are erased. Returns when it was revoked (the first time, if revoked twice).
    /// </summary>
    public DateTimeOffset Revoke(string tokenId)
    {
        byte[] cti;
        try
        {
            cti = Convert.FromHexString(tokenId);
        }
        catch (FormatException)
        {
            throw Bad("the token id is the cti in hex, as the token order answered it");
        }
        var revokedAt = store.Revoke(cti, time.GetUtcNow())
            ?? throw new MasaRefusal(StatusCodes.Status404NotFound, "Unknown token", $"This AS issued no token {Convert.ToHexStringLower(cti)}.");
        LogRevoked(logger, Convert.ToHexStringLower(cti), revokedAt);
        return revokedAt;
    }

    public static string SealPurpose(byte[] tokenId) => $"ace-token/{Convert.ToHexStringLower(tokenId)}";

    private static string Base64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);

    private static MasaRefusal Bad(string detail) => new(StatusCodes.Status400BadRequest, "Bad token request", detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token {TokenId} issued for {Serial}, audience {Audience}, scope {Scope}, expires {ExpiresAt}")]
    private static partial void LogIssued(ILogger logger, string serial, string audience, string scope, string tokenId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access token {TokenId} revoked (at {RevokedAt})")]
    private static partial void LogRevoked(ILogger logger, string tokenId, DateTimeOffset revokedAt);
}
