using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Cmc;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Est;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Full CMC enrollment (RFC 5272, draft-selander-ace-eals section 2.3) over the unprotected
/// /.well-known/est/fullcmc: a PKCS#10 for a new key in a Full PKI Request signed by <see cref="CmcSigner"/>;
/// the answer is accepted only when its signature chains to the domain CA, its recipientNonce and
/// transactionId are the request's, and the certificate it carries is for the new key.
/// </summary>
public sealed class CmcEnroller(RegistrarChannel channel, IRandomSource random, TimeProvider time)
{
    public const string Path = ".well-known/est/fullcmc";

    /// <summary>Fresh requests sent when the registrar refuses one as stale or replayed (a lost answer repeated).</summary>
    public int FreshRequests { get; init; } = 2;

    /// <summary>Whole enrollments (for a new key each) when one fails in a way a new try may mend, as the other routes do.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// Enrolls a new P-256 key, starting over (new key, new request) after a retryable failure such as no answer;
    /// 5.03 + Max-Age (pacing, an operator deciding) is waited out inside one attempt by the channel.
    /// </summary>
    public Task<EnrollmentResult> EnrollAsync(string serialNumber, CmcSigner signer, X509Certificate2 domainCa, CancellationToken cancellationToken = default)
        => EnrollmentAttempts.RunAsync(async token =>
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            try
            {
                return (await EnrollAsync(key, serialNumber, signer, domainCa, token).ConfigureAwait(false), key);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }, MaxAttempts, TimeSpan.FromSeconds(60), cancellationToken);

    public async Task<X509Certificate2> EnrollAsync(ECDsa key, string serialNumber, CmcSigner signer, X509Certificate2 domainCa, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signer);
        byte[] csr = Pkcs10RequestBuilder.ForDevice(key, serialNumber);
        for (int fresh = 0; ; fresh++)
        {
            var request = FullPkiRequest.Create(csr, random);
            byte[] signed = request.Sign(signer.Certificate, signer.Key, signer.Chain.Select(c => c.RawData), time.GetUtcNow());
            var message = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, Path);
            message.Payload = signed;
            message.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.Pkcs7CmcRequest);
            message.SetUInt(CoapOptionNumber.Accept, CoapContentFormat.Pkcs7CmcResponse);
            var answer = await channel.ExchangeAsync("cmc", message, cancellationToken).ConfigureAwait(false);
            if (answer.ContentFormat != CoapContentFormat.Pkcs7CmcResponse)
            {
                throw new EnrollmentStepException("cmc", $"{answer.Code} {RegistrarChannel.Diagnostic(answer)}", retryable: answer.Code.Class == 5);
            }
            var (response, certificates) = Verify(answer.Payload, request, domainCa, time.GetUtcNow());
            if (response.Status == CmcStatus.Success)
            {
                return IssuedFor(key, certificates, domainCa, time.GetUtcNow());
            }
            if (response.FailInfo is CmcFailInfo.BadTime or CmcFailInfo.BadRequest && fresh < FreshRequests && answer.Code == CoapCode.Forbidden)
            {
                continue; // a repeat of an answered request (its answer was lost) or a stale one: a new nonce and signingTime
            }
            throw new EnrollmentStepException("cmc", $"{answer.Code} {response.Status} ({response.FailInfo}): {response.StatusString}", retryable: false);
        }
    }

    // The registrar's signature chains to the domain CA, and the response answers this request.
    // Static and internal (clock passed in) so the benchmarks measure this very check.
    internal static (FullPkiResponse Response, IReadOnlyList<byte[]> Certificates) Verify(ReadOnlyMemory<byte> payload, FullPkiRequest request, X509Certificate2 domainCa, DateTimeOffset now)
    {
        FullPkiResponse response;
        SignedContent signed;
        try
        {
            (response, signed) = FullPkiResponse.Open(payload);
        }
        catch (CmcException exception)
        {
            throw new EnrollmentStepException("cmc", $"the Full PKI Response is not acceptable: {exception.Message}", retryable: false);
        }
        using var signer = X509CertificateLoader.LoadCertificate(signed.SignerCertificate);
        var others = signed.Certificates.Select(X509CertificateLoader.LoadCertificate).ToList();
        try
        {
            if (!CertificateChain.ChainsTo(signer, [domainCa], now, out string problem, others))
            {
                throw new EnrollmentStepException("cmc", $"the Full PKI Response is not signed by the domain: {problem}", retryable: false);
            }
        }
        finally
        {
            others.ForEach(c => c.Dispose());
        }
        if (!response.RecipientNonce.AsSpan().SequenceEqual(request.SenderNonce) || response.TransactionId != request.TransactionId)
        {
            throw new EnrollmentStepException("cmc", "the Full PKI Response answers another request (recipientNonce or transactionId)", retryable: false);
        }
        return (response, signed.Certificates);
    }

    internal static X509Certificate2 IssuedFor(ECDsa key, IReadOnlyList<byte[]> certificates, X509Certificate2 domainCa, DateTimeOffset now)
    {
        byte[] publicKey = key.ExportSubjectPublicKeyInfo();
        foreach (byte[] der in certificates)
        {
            var certificate = X509CertificateLoader.LoadCertificate(der);
            if (certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey)
                && CertificateChain.ChainsTo(certificate, [domainCa], now, out _))
            {
                return certificate;
            }
            certificate.Dispose();
        }
        throw new EnrollmentStepException("cmc", "the Full PKI Response carries no domain certificate for our key", retryable: false);
    }
}
