using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Brski;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Oscore;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// A pledge's exchanges with the registrar, whatever way it was authenticated (EDHOC, a pre-shared key,
/// an ACE token, a signed CMC request): unprotected requests that wait out 5.03 + Max-Age and repeat
/// lost exchanges, and requests over an OSCORE context, repeated newly protected when the answer is lost.
/// </summary>
public sealed class RegistrarChannel(CoapClient client, PeerAddress registrar)
{
    /// <summary>Repeats of one exchange whose answer was lost (after CoAP's own retransmissions).</summary>
    public int ExchangeRepeats { get; init; } = 3;

    /// <summary>How long a message the registrar answers with 5.03 (waiting for approval, pacing) keeps being repeated.</summary>
    public TimeSpan MaxPendingWait { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Called as the steps pass (waits included), for progress displays.</summary>
    public Action<string>? OnStep { get; init; }

    public CoapClient Client => client;

    public PeerAddress Registrar => registrar;

    /// <summary>
    /// One unprotected request, repeated as it is when CoAP gave up on it (the registrar answers repeats
    /// alike) and after each 5.03's Max-Age; returns the first other answer.
    /// </summary>
    public async Task<CoapMessage> ExchangeAsync(string step, CoapMessage request, CancellationToken cancellationToken = default)
    {
        var waited = TimeSpan.Zero;
        for (int repeat = 0; ; )
        {
            CoapMessage response;
            try
            {
                response = await client.SendAsync(registrar, request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or CoapRequestException && repeat < ExchangeRepeats)
            {
                repeat++;
                continue;
            }
            catch (Exception exception) when (exception is TimeoutException or CoapRequestException)
            {
                throw new EnrollmentStepException(step, $"no answer: {exception.Message}", retryable: true);
            }
            if (response.Code != CoapCode.ServiceUnavailable)
            {
                return response;
            }
            // Not decided yet (an operator, the MASA, pacing): wait Max-Age, then ask again with the same message.
            waited = await WaitOutAsync(step, response, waited, cancellationToken).ConfigureAwait(false)
                ?? throw new EnrollmentStepException(step, $"still waiting after {waited.TotalSeconds:F0} s: {Diagnostic(response)}", retryable: false);
        }
    }

    /// <summary>
    /// One request over OSCORE, repeated (newly protected) when its answer is lost; returns the verified inner response.
    /// <paramref name="includeKidContext"/> sends the context's ID Context as 'kid context' (pre-shared keys, RFC 9031).
    /// </summary>
    public async Task<CoapMessage> ProtectedExchangeAsync(OscoreSecurityContext context, string path, byte[] body, CancellationToken cancellationToken = default, ushort? accept = null, ushort contentFormat = CoapContentFormat.Pkcs10, bool includeKidContext = false)
    {
        var waited = TimeSpan.Zero;
        for (int repeat = 0; ; repeat++)
        {
            var inner = CoapMessage.Request(CoapMessageType.Confirmable, body.Length > 0 ? CoapCode.Post : CoapCode.Get, path);
            inner.Payload = body;
            if (body.Length > 0)
            {
                inner.SetUInt(CoapOptionNumber.ContentFormat, contentFormat);
            }
            if (accept is { } format)
            {
                inner.SetUInt(CoapOptionNumber.Accept, format);
            }
            var protection = await context.ProtectRequestAsync(inner, includeKidContext, cancellationToken).ConfigureAwait(false);
            if (!protection.IsSuccess)
            {
                throw new EnrollmentStepException("enroll", $"cannot protect the request: {protection.Error.Diagnostic}", retryable: false);
            }
            CoapMessage outer;
            try
            {
                outer = await client.SendAsync(registrar, protection.Value.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is TimeoutException or CoapRequestException && repeat < ExchangeRepeats)
            {
                continue; // the answer was lost: a new request (new sequence number) for the same key gets the same certificate
            }
            catch (Exception exception) when (exception is TimeoutException or CoapRequestException)
            {
                throw new EnrollmentStepException("enroll", $"no answer: {exception.Message}", retryable: true);
            }
            // The registrar (or a proxy) cannot reach our context right now: ask again, newly protected, after Max-Age.
            if (!outer.HasOption(CoapOptionNumber.Oscore) && outer.Code == CoapCode.ServiceUnavailable && outer.HasOption(CoapOptionNumber.MaxAge)
                && await WaitOutAsync("enroll", outer, waited, cancellationToken).ConfigureAwait(false) is { } total)
            {
                waited = total;
                repeat--;
                continue;
            }
            // The registrar lost the block-wise answer to this request (it restarted; the CoAP client does not send the
            // same protected bytes again, that would be a replay): the request again, newly protected, from block 0.
            if (!outer.HasOption(CoapOptionNumber.Oscore) && outer.Code == CoapCode.RequestEntityIncomplete && repeat < ExchangeRepeats)
            {
                continue;
            }
            if (!outer.HasOption(CoapOptionNumber.Oscore))
            {
                // An unprotected OSCORE error (RFC 8613 section 8.2): the context is gone or out of step; start over.
                throw new EnrollmentStepException("enroll", $"{outer.Code} {Diagnostic(outer)}", retryable: true);
            }
            var opened = context.UnprotectResponse(outer, protection.Value.Binding);
            if (!opened.IsSuccess)
            {
                throw new EnrollmentStepException("enroll", $"the response did not verify: {opened.Error.Diagnostic}", retryable: true);
            }
            // The registrar's own, authenticated "not yet" (pacing a pre-shared key's first request): ask again after Max-Age.
            if (opened.Value.Code == CoapCode.ServiceUnavailable && opened.Value.HasOption(CoapOptionNumber.MaxAge))
            {
                waited = await WaitOutAsync("enroll", opened.Value, waited, cancellationToken).ConfigureAwait(false)
                    ?? throw new EnrollmentStepException("enroll", $"still waiting after {waited.TotalSeconds:F0} s: {Diagnostic(opened.Value)}", retryable: false);
                repeat--;
                continue;
            }
            return opened.Value;
        }
    }

    /// <summary>A PKCS#10 for <paramref name="key"/> in the name <paramref name="serialNumber"/> to <paramref name="path"/> (sen, sren) over OSCORE.</summary>
    public async Task<X509Certificate2> RequestCertificateAsync(OscoreSecurityContext context, ECDsa key, string serialNumber, string path, CancellationToken cancellationToken = default, bool includeKidContext = false)
    {
        byte[] csr = Pkcs10RequestBuilder.ForDevice(key, serialNumber);
        var response = await ProtectedExchangeAsync(context, path, csr, cancellationToken, includeKidContext: includeKidContext).ConfigureAwait(false);
        if (response.Code != CoapCode.Changed || response.ContentFormat != CoapContentFormat.PkixCert)
        {
            throw new EnrollmentStepException("enroll", $"{path} answered {response.Code}: {Diagnostic(response)}", retryable: response.Code.Class == 5);
        }
        var certificate = X509CertificateLoader.LoadCertificate(response.Payload.Span);
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            certificate.Dispose();
            throw new EnrollmentStepException("enroll", "the issued certificate is not for our key", retryable: false);
        }
        return certificate;
    }

    /// <summary>A constrained BRSKI status report (voucher or enroll status); its loss does not undo an enrollment.</summary>
    public async Task ReportStatusAsync(OscoreSecurityContext context, string path, StatusReport report, CancellationToken cancellationToken = default, bool includeKidContext = false)
    {
        try
        {
            await ProtectedExchangeAsync(context, path, report.Encode(), cancellationToken, contentFormat: CoapContentFormat.Cbor, includeKidContext: includeKidContext).ConfigureAwait(false);
        }
        catch (EnrollmentStepException)
        {
        }
    }

    /// <summary>
    /// Server-side key generation (/skg, RFC 9148 section 4.8) over OSCORE: the registrar makes the key pair and
    /// answers [284 key, 287 or 281 certificate] (per <paramref name="accept"/>: 62 or 287 for pkix-cert, 281 for
    /// certs-only). The key must be the one the certificate certifies and the certificate must come from
    /// <paramref name="pinnedDomainCa"/>. Every call yields a new key. The caller owns both results.
    /// </summary>
    public async Task<(X509Certificate2 Certificate, ECDsa Key)> RequestServerGeneratedKeyAsync(OscoreSecurityContext context, string serialNumber, X509Certificate2 pinnedDomainCa,
        ushort accept = CoapContentFormat.MultipartCore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pinnedDomainCa);
        // The registrar ignores the template's key and signature (RFC 9148): a throwaway key makes it well-formed.
        byte[] csr;
        using (var template = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            csr = Pkcs10RequestBuilder.ForDevice(template, serialNumber);
        }
        var response = await ProtectedExchangeAsync(context, ".well-known/est/skg", csr, cancellationToken, accept).ConfigureAwait(false);
        try
        {
            if (response.Code != CoapCode.Changed || response.ContentFormat != CoapContentFormat.MultipartCore)
            {
                throw new EnrollmentStepException("enroll", $"/skg answered {response.Code}: {Diagnostic(response)}", retryable: response.Code.Class == 5);
            }
            return ServerGeneratedKey.Open(response.Payload, pinnedDomainCa);
        }
        catch (EstFormatException exception)
        {
            throw new EnrollmentStepException("enroll", $"the /skg answer was refused ({exception.Error}): {exception.Message}", retryable: false);
        }
        finally
        {
            // The decrypted answer held the private key in the clear.
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(response.Payload, out var plaintext))
            {
                CryptographicOperations.ZeroMemory(plaintext.AsSpan());
            }
        }
    }

    /// <summary>
    /// Waits out a 5.03's Max-Age (60 s when absent, RFC 7252 section 5.10.5) and returns the time waited
    /// in all; null, without waiting, when that would pass <see cref="MaxPendingWait"/>.
    /// </summary>
    private async Task<TimeSpan?> WaitOutAsync(string step, CoapMessage response, TimeSpan waited, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.FromSeconds(response.TryGetUInt(CoapOptionNumber.MaxAge, out var age) ? age : 60);
        if (waited + wait > MaxPendingWait)
        {
            return null;
        }
        OnStep?.Invoke($"{step}: waiting {wait.TotalSeconds:F0} s ({Diagnostic(response)})");
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        return waited + wait;
    }

    /// <summary>The diagnostic payload of an answer, as text.</summary>
    public static string Diagnostic(CoapMessage response) =>
        response.Payload.IsEmpty ? "(no diagnostic)" : Encoding.UTF8.GetString(response.Payload.Span);
}
