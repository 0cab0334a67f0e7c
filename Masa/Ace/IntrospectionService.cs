using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Masa.Requests;
using Eals.Masa.Signing;
using Eals.Protocol.Ace;
using Eals.Protocol.Vouchers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Eals.Masa.Ace;

/// <summary>
/// The AS's introspection endpoint (RFC 9200 section 5.9) for registrars. The request is a COSE_Sign1 by the
/// registrar's credential, checked as a registrar voucher request is (x5chain chaining to the domain CA named last);
/// the answer is encrypted to that registrar's P-256 key (ECDH-ES, <see cref="AceKeyAgreement"/>) because it can
/// carry a master secret. A token that does not verify under the AS key, that the AS never recorded, that was
/// revoked or that has expired is inactive. Key material and the Client Token go only to the token's audience (the registrar
/// certificate's common name), after the MASA has issued the voucher for its domain with nonce1 as the nonce
/// (the claim policy and replay rules of voucher requests apply, and are audited).
/// </summary>
public sealed partial class IntrospectionService(MasaSigningIdentity identity, AccessTokenIssuer issuer, AceTokenStore store, AceSecretBox box, VoucherIssuer vouchers, TimeProvider time, ILogger<IntrospectionService> logger)
{
    public async Task<byte[]> IntrospectAsync(byte[] body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var facts = new RequestFacts();
        var signed = VoucherRequestReader.ReadRegistrarSigned(body, now, facts);
        IntrospectionRequest request;
        try
        {
            request = IntrospectionRequest.Decode(signed.Payload);
        }
        catch (AceFormatException exception)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed introspection request", exception.Message);
        }
        if (request.Nonce1.Length < AuthzInfoRequest.MinNonceLength)
        {
            throw new MasaRefusal(StatusCodes.Status400BadRequest, "Malformed introspection request", $"nonce1 must be at least {AuthzInfoRequest.MinNonceLength} bytes.");
        }
        using var registrar = X509CertificateLoader.LoadCertificate(signed.RegistrarCertificate);
        using var registrarKey = registrar.GetECDsaPublicKey()
            ?? throw new MasaRefusal(StatusCodes.Status400BadRequest, "Registrar key unusable", "The registrar certificate holds no P-256 key to encrypt the answer to.");
        var answer = await AnswerAsync(request, signed, registrar.GetNameInfo(X509NameType.SimpleName, false), facts, SHA256.HashData(body), now, cancellationToken).ConfigureAwait(false);
        using var recipient = ECDiffieHellman.Create(registrarKey.ExportParameters(false));
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return AceKeyAgreement.SealTo(answer.Encode(), recipient.PublicKey, ephemeral, RandomNumberGenerator.GetBytes(CoseEncrypt0.IvLength));
    }

    private async Task<IntrospectionResponse> AnswerAsync(IntrospectionRequest request, RegistrarSignedRequest signed, string requester, RequestFacts facts, byte[] digest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (claims, record, why) = Find(request.Token, now);
        if (claims is null || record is null)
        {
            LogInactive(logger, signed.RegistrarSubject, why);
            return IntrospectionResponse.Inactive;
        }
        var active = new IntrospectionResponse(true, claims.Subject, claims.Audience, claims.Scope, claims.ExpiresAt, Issuer: issuer.IssuerName);
        if (!string.Equals(claims.Audience, requester, StringComparison.Ordinal))
        {
            // RFC 9200 section 5.9.2: the AS may leave out what the requester is not entitled to; it learns no key.
            LogOtherAudience(logger, Convert.ToHexStringLower(claims.TokenId), claims.Audience, requester);
            return active;
        }
        var secrets = box.Unseal(record.SealedSecrets, AccessTokenIssuer.SealPurpose(record.TokenId)) is { } bytes ? AceTokenSecrets.FromBytes(bytes) : null;
        if (secrets is null)
        {
            throw new MasaRefusal(StatusCodes.Status500InternalServerError, "Token secrets unreadable", "The AS cannot open the secrets it stored for this token.");
        }
        facts.SerialNumber = claims.Subject;
        byte[] voucher = await vouchers.IssueForAsync(new ValidatedVoucherRequest(claims.Subject, request.Nonce1, signed.RegistrarSubject, signed.DomainCaCertificate, signed.DomainFingerprint, digest), facts, cancellationToken).ConfigureAwait(false);
        var material = new OscoreInputMaterial(claims.TokenId, secrets.MasterSecret, secrets.Salt);
        var content = new ClientTokenContent(claims.Subject, claims.Audience, claims.ExpiresAt, material, voucher);
        byte[] clientToken = CoseEncrypt0.Encrypt(secrets.ClientKey, RandomNumberGenerator.GetBytes(CoseEncrypt0.IvLength), content.Encode(), kid: claims.TokenId);
        LogActive(logger, Convert.ToHexStringLower(claims.TokenId), claims.Subject, signed.RegistrarSubject);
        return active with { InputMaterial = material, ClientToken = clientToken };
    }

    private (AccessTokenClaims? Claims, AceTokenRecord? Record, string Why) Find(byte[] token, DateTimeOffset now)
    {
        AccessTokenClaims claims;
        try
        {
            claims = AccessTokenClaims.Decode(CoseSign1.Verify(token, identity.Certificate.PublicKey).Payload);
        }
        catch (Exception exception) when (exception is VoucherException or AceFormatException or CryptographicException)
        {
            return (null, null, "not a token signed by this AS");
        }
        var record = store.Find(claims.TokenId);
        if (record is null || record.Serial != claims.Subject || record.Audience != claims.Audience || record.Scope != claims.Scope)
        {
            return (null, null, "a token this AS has no record of");
        }
        if (record.RevokedAt is { } revoked)
        {
            return (null, null, $"token {Convert.ToHexStringLower(claims.TokenId)} revoked at {revoked:u}");
        }
        return now >= record.ExpiresAt ? (null, null, $"token {Convert.ToHexStringLower(claims.TokenId)} expired at {record.ExpiresAt:u}") : (claims, record, "");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Introspection by {Registrar}: inactive ({Why})")]
    private static partial void LogInactive(ILogger logger, string registrar, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Introspection of token {TokenId} (audience {Audience}) by {Requester}, not its audience: no keys given")]
    private static partial void LogOtherAudience(ILogger logger, string tokenId, string audience, string requester);

    [LoggerMessage(Level = LogLevel.Information, Message = "Introspection of token {TokenId} for {Serial} by {Registrar}: active, voucher and Client Token issued")]
    private static partial void LogActive(ILogger logger, string tokenId, string serial, string registrar);
}
