using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Ace;
using Eals.Protocol.Brski;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The pledge's side of the ACE route (EALS draft section 3.2, RFC 9203): POST its access token with nonce1 to
/// /authz-info; open the Client Token with the key it shares with the AS; accept the voucher in it only if it
/// verifies under the MASA anchor and names this pledge and nonce1 (so only a registrar of the pinned domain, which
/// the AS authenticated, can have obtained it); derive the OSCORE context (RFC 9203 section 4.3) and enroll over it.
/// </summary>
public sealed class AceEnroller(RegistrarChannel channel, AceCredentials credentials, IRandomSource random)
{
    private const int NonceLength = 8;

    /// <summary>The voucher accepted in the latest run.</summary>
    public Voucher? LastVoucher { get; private set; }

    /// <summary>The domain CA the voucher pinned: the issued certificate must chain to it.</summary>
    public X509Certificate2? DomainTrustAnchor { get; private set; }

    public int MaxAttempts { get; init; } = 3;

    public Task<EnrollmentResult> EnrollAsync(CancellationToken cancellationToken = default)
        => EnrollmentAttempts.RunAsync(RunOnceAsync, MaxAttempts, TimeSpan.FromSeconds(60), cancellationToken);

    private async Task<(X509Certificate2 Certificate, ECDsa Key)> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var context = await RunAuthzInfoAsync(cancellationToken).ConfigureAwait(false);
        await channel.ReportStatusAsync(context, ".well-known/brski/vs", new StatusReport(true, "voucher accepted"), cancellationToken).ConfigureAwait(false);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var certificate = await channel.RequestCertificateAsync(context, key, credentials.SerialNumber, ".well-known/est/sen", cancellationToken).ConfigureAwait(false);
            if (!CertificateChain.ChainsTo(certificate, [DomainTrustAnchor!], DateTimeOffset.UtcNow, out string problem))
            {
                certificate.Dispose();
                throw new EnrollmentStepException("enroll", $"the issued certificate does not chain to the pinned domain CA ({problem})", retryable: false);
            }
            await channel.ReportStatusAsync(context, ".well-known/brski/es", new StatusReport(true, $"enrolled as {certificate.SerialNumber}"), cancellationToken).ConfigureAwait(false);
            return (certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>POST /authz-info and everything up to the OSCORE context (ours to dispose).</summary>
    public async Task<OscoreSecurityContext> RunAuthzInfoAsync(CancellationToken cancellationToken = default)
    {
        byte[] nonce1 = new byte[NonceLength];
        random.Fill(nonce1);
        byte[] clientRecipientId = new byte[1];
        random.Fill(clientRecipientId);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "authz-info");
        request.Payload = new AuthzInfoRequest(credentials.AccessToken, nonce1, clientRecipientId).Encode();
        request.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.AceCbor);
        var response = await channel.ExchangeAsync("authz-info", request, cancellationToken).ConfigureAwait(false);
        if (response.Code != CoapCode.Created)
        {
            throw new EnrollmentStepException("authz-info", $"{response.Code} {RegistrarChannel.Diagnostic(response)}", retryable: response.Code.Class == 5);
        }
        AuthzInfoResponse answer;
        ClientTokenContent content;
        try
        {
            answer = AuthzInfoResponse.Decode(response.Payload);
            content = OpenClientToken(answer.ClientToken, credentials.ClientKey);
        }
        catch (AceFormatException exception)
        {
            throw new EnrollmentStepException("client-token", $"the Client Token is not acceptable: {exception.Message}", retryable: false);
        }
        if (!string.Equals(content.Subject, credentials.SerialNumber, StringComparison.Ordinal))
        {
            throw new EnrollmentStepException("client-token", $"the Client Token is for '{content.Subject}', not this pledge", retryable: false);
        }
        DomainTrustAnchor = AcceptVoucher(content.Voucher, nonce1);
        var parameters = AceOscoreDerivation.ForClient(content.InputMaterial, nonce1, answer.Nonce2, clientRecipientId, answer.ServerRecipientId);
        try
        {
            return OscoreSecurityContext.Derive(parameters, new InMemoryOscoreSequenceNumberStore(), random);
        }
        catch (ArgumentException exception)
        {
            throw new EnrollmentStepException("authz-info", $"the registrar's OSCORE parameters are unusable: {exception.Message}", retryable: false);
        }
    }

    /// <summary>Decrypts and decodes a Client Token; <see cref="AceFormatException"/> when it is tampered with or not for this key.</summary>
    public static ClientTokenContent OpenClientToken(byte[] clientToken, byte[] clientKey)
    {
        byte[] plaintext = CoseEncrypt0.Decrypt(CoseEncrypt0.Parse(clientToken), clientKey);
        try
        {
            return ClientTokenContent.Decode(plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    // RFC 8995 section 5.6: under our MASA anchor, naming us and our nonce; the domain it pins is the only one we accept.
    private X509Certificate2 AcceptVoucher(byte[] signedVoucher, byte[] nonce1)
    {
        try
        {
            var voucher = VoucherValidator.Validate(signedVoucher, credentials.MasaTrustAnchor, credentials.SerialNumber, nonce1, DateTimeOffset.UtcNow);
            LastVoucher = voucher;
            return VoucherValidator.PinnedDomainCertificate(voucher);
        }
        catch (VoucherException exception)
        {
            throw new EnrollmentStepException("voucher", $"voucher refused ({exception.Error}): {exception.Message}", retryable: false);
        }
    }
}
