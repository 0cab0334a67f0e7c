using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Eals.Protocol.Edhoc.Transport;
using Eals.Protocol.Est;
using Eals.Protocol.Oscore;
using Eals.Protocol.Brski;
using Eals.Protocol.Vouchers;
using Eals.Protocol.Pki;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// The reference pledge's enrollment, as the EALS design runs it (reverse EDHOC flow, RFC 9528
/// appendix A.2, then EST-coaps over OSCORE):
/// <code>
/// POST /.well-known/edhoc (empty)          -> message_1          (the registrar decides when to start)
/// POST /.well-known/edhoc C_I ‖ message_2  -> message_3          (ID_CRED_R = our IDevID)
///   verify the registrar's certificate under our trust anchor; derive OSCORE (appendix A.1)
/// POST /.well-known/est/sen (OSCORE, PKCS#10) -> 2.04 pkix-cert
/// </code>
/// Lost exchanges are retried: a repeated message_2 gets the same message_3, a repeated CSR for the
/// same key the same certificate; a 5.03 is waited out for its Max-Age.
/// </summary>
public sealed class PledgeEnroller(CoapClient client, PeerAddress registrar, PledgeCredentials credentials, IRandomSource random)
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    /// <summary>Whole-flow attempts (each restarts EDHOC).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Repeats of one exchange whose answer was lost (after CoAP's own retransmissions).</summary>
    public int ExchangeRepeats { get; init; } = 3;

    /// <summary>Longest wait between whole-flow attempts.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the pledge keeps repeating a message the registrar answers with 5.03 (waiting for approval).</summary>
    public TimeSpan MaxPendingWait { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>C_I of the latest EDHOC run: the registrar's OSCORE Recipient ID, the 'kid' we send (diagnostics, tests).</summary>
    public byte[]? LastConnectionIdI { get; private set; }

    /// <summary>
    /// Run EDHOC in the forward flow (we are Initiator, as EST-oscore clients on other stacks are) instead
    /// of the registrar-initiated reverse flow.
    /// </summary>
    public bool ForwardFlow { get; init; }

    /// <summary>Ask the registrar to generate the key pair (/skg, RFC 9148 section 4.8) instead of sending a CSR for our own key to /sen.</summary>
    public bool ServerKeyGeneration { get; init; }

    /// <summary>Told of every OSCORE encryption of this pledge's contexts (the fleet's <c>--nonce-log</c>); none by default.</summary>
    public IOscoreEncryptionObserver? EncryptionObserver { get; init; }

    /// <summary>
    /// Shared by the pledges of a fleet: the registrar's certificate and the pinned domain CA parsed once (by their
    /// exact DER) instead of once per pledge; each pledge still checks them. None by default.
    /// </summary>
    public CertificateCache? Certificates { get; init; }

    /// <summary>Called as the steps pass, for progress displays.</summary>
    public Action<string>? OnStep { get; init; }

    private RegistrarChannel? _channel;

    /// <summary>The exchanges with the registrar, with this enroller's repeat and wait limits.</summary>
    public RegistrarChannel Channel => _channel ??= new RegistrarChannel(client, registrar)
    {
        ExchangeRepeats = ExchangeRepeats,
        MaxPendingWait = MaxPendingWait,
        OnStep = OnStep,
    };

    public Task<EnrollmentResult> EnrollAsync(CancellationToken cancellationToken = default)
        => EnrollmentAttempts.RunAsync(RunOnceAsync, MaxAttempts, MaxWait, cancellationToken);

    private async Task<(X509Certificate2 Certificate, ECDsa Key)> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var context = ForwardFlow
            ? await RunForwardEdhocAsync(cancellationToken).ConfigureAwait(false)
            : await RunEdhocAsync(cancellationToken).ConfigureAwait(false);
        if (LastVoucher is not null && !ForwardFlow)
        {
            await ReportAsync(context, ".well-known/brski/vs", new StatusReport(true, "voucher accepted"), cancellationToken).ConfigureAwait(false);
        }
        OnStep?.Invoke("enroll");
        if (ServerKeyGeneration)
        {
            return await RequestServerGeneratedKeyAsync(context, cancellationToken).ConfigureAwait(false);
        }
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var certificate = await RequestCertificateAsync(context, key, ".well-known/est/sen", cancellationToken).ConfigureAwait(false);
            await ReportAsync(context, ".well-known/brski/es", new StatusReport(true, $"enrolled as {certificate.SerialNumber}"), cancellationToken).ConfigureAwait(false);
            return (certificate, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Steps 1 and 2: trigger, message_1, message_2 with our credential, message_3 verified; returns the
    /// OSCORE context of appendix A.1 (ours to dispose).
    /// </summary>
    public async Task<OscoreSecurityContext> RunEdhocAsync(CancellationToken cancellationToken = default)
    {
        OnStep?.Invoke("trigger");
        var message1 = await EdhocExchangeAsync("trigger", [], cancellationToken).ConfigureAwait(false);
        var received1 = EdhocResponder.ProcessMessage1(message1, new EdhocResponderOptions([2]), Crypto);
        if (!received1.TryGetValue(out var responder))
        {
            throw new EnrollmentStepException("edhoc", $"message_1 refused: {received1.Failure}", retryable: true);
        }
        byte[] connectionIdI = responder.ConnectionIdI;
        LastConnectionIdI = connectionIdI;
        // Zero-touch: our voucher-request data (serial, fresh nonce, IDevID issuer) rides in EAD_2.
        byte[]? nonce = null;
        var ead2 = new List<EadItem>();
        if (credentials.MasaTrustAnchor is not null)
        {
            nonce = new byte[8];
            random.Fill(nonce);
            var issuer = credentials.IdevidIssuerKeyIdentifier();
            var request = VoucherCbor.Encode(new VoucherRequest(credentials.SerialNumber, VoucherAssertion.Proximity, issuer, nonce));
            // Signed with the IDevID key (RFC 8995 section 5.2), so the MASA can check it came from this pledge.
            ead2.Add(new EadItem(VoucherEad.VoucherRequestLabel, CoseSign1.Sign(request, new CoseSigner(credentials.IdevidKey, null, [credentials.IdevidDer]))));
        }
        var prepared = responder.PrepareMessage2(credentials.EdhocIdentity, PickConnectionId(connectionIdI), random, ead2);
        if (!prepared.TryGetValue(out var outgoing2))
        {
            throw new EnrollmentStepException("edhoc", $"cannot build message_2: {prepared.Failure}", retryable: false);
        }

        OnStep?.Invoke("edhoc");
        var message3 = await EdhocExchangeAsync("edhoc", EdhocCoapTransport.ContinuationRequest(connectionIdI, outgoing2.Message), cancellationToken).ConfigureAwait(false);
        var received3 = outgoing2.State.ProcessMessage3(message3, VoucherEad.PledgeUnderstands);
        if (!received3.TryGetValue(out var processing3))
        {
            throw new EnrollmentStepException("edhoc", $"message_3 refused: {received3.Failure}", retryable: true);
        }
        EdhocCredential registrarCredential;
        try
        {
            registrarCredential = VerifyRegistrar(processing3.IdCredI, TrustAnchorFor(processing3.Ead3, nonce));
        }
        catch (EnrollmentStepException refusal)
        {
            // Tell the registrar, so it drops the OSCORE context we will never use (RFC 9528 section 6).
            await ReportRefusalAsync(connectionIdI, refusal.Message, cancellationToken).ConfigureAwait(false);
            throw;
        }
        var verified = processing3.Verify(registrarCredential);
        if (!verified.TryGetValue(out var processed3))
        {
            throw new EnrollmentStepException("edhoc", $"the registrar's message_3 did not verify: {verified.Failure}", retryable: true);
        }
        var parameters = processed3.Session.OscoreParameters();
        return OscoreSecurityContext.Derive(
            new OscoreContextParameters(parameters.MasterSecret, parameters.SenderId, parameters.RecipientId, parameters.MasterSalt),
            new InMemoryOscoreSequenceNumberStore(), random, observer: EncryptionObserver);
    }

    /// <summary>
    /// Appendix A.2 forward flow: <c>true ‖ message_1</c> gets message_2 (the registrar's certificate),
    /// <c>C_R ‖ message_3</c> (our IDevID) gets 2.04; returns the OSCORE context (ours to dispose).
    /// </summary>
    public async Task<OscoreSecurityContext> RunForwardEdhocAsync(CancellationToken cancellationToken = default)
    {
        OnStep?.Invoke("edhoc");
        var started = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.SignatureSignature, [2], PickConnectionId([])), Crypto, random);
        var message2 = await EdhocExchangeAsync("edhoc", EdhocCoapTransport.Message1Request(started.Message), cancellationToken).ConfigureAwait(false);
        var received2 = started.State.ProcessMessage2(message2);
        if (!received2.TryGetValue(out var processing2))
        {
            throw new EnrollmentStepException("edhoc", $"message_2 refused: {received2.Failure}", retryable: true);
        }
        var verified = processing2.Verify(VerifyRegistrar(processing2.IdCredR, credentials.RegistrarTrustAnchor
            ?? throw new EnrollmentStepException("edhoc", "the forward flow carries no voucher: it needs a registrar trust anchor", retryable: false)));
        if (!verified.TryGetValue(out var processed2))
        {
            throw new EnrollmentStepException("edhoc", $"the registrar's message_2 did not verify: {verified.Failure}", retryable: true);
        }
        var prepared = processed2.PrepareMessage3(credentials.EdhocIdentity);
        if (!prepared.TryGetValue(out var outgoing3) || !outgoing3.State.CompleteWithoutMessage4().TryGetValue(out var session))
        {
            throw new EnrollmentStepException("edhoc", $"cannot build message_3: {prepared.Failure}", retryable: false);
        }
        byte[] connectionIdR = processing2.ConnectionIdR;
        LastConnectionIdI = connectionIdR;
        var reply = await ExchangeAsync("edhoc", EdhocRequest(EdhocCoapTransport.ContinuationRequest(connectionIdR, outgoing3.Message)), cancellationToken).ConfigureAwait(false);
        if (reply.Code != CoapCode.Changed)
        {
            throw new EnrollmentStepException("edhoc", $"{reply.Code} {RefusalReason(reply)}", retryable: reply.Code.Class == 5);
        }
        var parameters = session.OscoreParameters();
        return OscoreSecurityContext.Derive(
            new OscoreContextParameters(parameters.MasterSecret, parameters.SenderId, parameters.RecipientId, parameters.MasterSalt),
            new InMemoryOscoreSequenceNumberStore(), random, observer: EncryptionObserver);
    }

    private async Task ReportRefusalAsync(byte[] connectionIdI, string reason, CancellationToken cancellationToken)
    {
        var request = EdhocRequest(EdhocCoapTransport.ContinuationRequest(connectionIdI, EdhocErrorMessage.Unspecified(reason.Length > 100 ? reason[..100] : reason).Encode()));
        try
        {
            await client.SendAsync(registrar, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or CoapRequestException)
        {
            // Best effort: an unused context also goes away with the registrar's clean-up.
        }
    }

    // Constrained BRSKI telemetry; its loss does not undo an enrollment.
    private Task ReportAsync(OscoreSecurityContext context, string path, StatusReport report, CancellationToken cancellationToken)
        => Channel.ReportStatusAsync(context, path, report, cancellationToken);

    /// <summary>Step 3: a PKCS#10 for <paramref name="key"/> in our name to <paramref name="path"/> (sen, sren) over OSCORE.</summary>
    public Task<X509Certificate2> RequestCertificateAsync(OscoreSecurityContext context, ECDsa key, string path, CancellationToken cancellationToken = default)
        => Channel.RequestCertificateAsync(context, key, credentials.SerialNumber, path, cancellationToken);

    /// <summary>
    /// Step 3 with server-side key generation: key and certificate from /skg, the certificate checked against
    /// the domain CA the voucher pinned (or the installed one); then the enroll status report.
    /// </summary>
    public async Task<(X509Certificate2 Certificate, ECDsa Key)> RequestServerGeneratedKeyAsync(OscoreSecurityContext context, CancellationToken cancellationToken = default, ushort accept = CoapContentFormat.MultipartCore)
    {
        using var domainCa = LastVoucher is { } voucher && !ForwardFlow
            ? VoucherValidator.PinnedDomainCertificate(voucher)
            : X509CertificateLoader.LoadCertificate((credentials.RegistrarTrustAnchor ?? throw new EnrollmentStepException("enroll", "no domain CA to check the certificate against", retryable: false)).RawData);
        var (certificate, key) = await Channel.RequestServerGeneratedKeyAsync(context, credentials.SerialNumber, domainCa, accept, cancellationToken).ConfigureAwait(false);
        await ReportAsync(context, ".well-known/brski/es", new StatusReport(true, $"enrolled as {certificate.SerialNumber} (server-generated key)"), cancellationToken).ConfigureAwait(false);
        return (certificate, key);
    }

    /// <summary>The voucher accepted in the latest EDHOC run (null without vouchers).</summary>
    public Voucher? LastVoucher { get; private set; }

    // RFC 8995 section 5.6: the voucher must verify under our MASA anchor and name us and our nonce; the
    // domain it pins is then the only one whose registrar we accept. Without a MASA anchor: the installed one.
    private X509Certificate2 TrustAnchorFor(IReadOnlyList<EadItem> ead3, byte[]? nonce)
    {
        if (credentials.MasaTrustAnchor is not { } masa)
        {
            return credentials.RegistrarTrustAnchor!;
        }
        var signed = VoucherEad.Find(ead3, VoucherEad.VoucherLabel)
            ?? throw new EnrollmentStepException("voucher", "message_3 carries no voucher", retryable: false);
        try
        {
            var voucher = VoucherValidator.Validate(signed, masa, credentials.SerialNumber, nonce, DateTimeOffset.UtcNow);
            LastVoucher = voucher;
            // Validate has checked that the pinned-domain-cert parses; the same bytes parse alike for every pledge.
            return Certificates is { } cache && voucher.PinnedDomainCert is { } pinned
                ? cache.Get(pinned, _ => VoucherValidator.PinnedDomainCertificate(voucher)).Certificate
                : VoucherValidator.PinnedDomainCertificate(voucher);
        }
        catch (VoucherException exception)
        {
            throw new EnrollmentStepException("voucher", $"voucher refused ({exception.Error}): {exception.Message}", retryable: false);
        }
    }

    // The registrar authenticates with a certificate in ID_CRED_I that must chain to our trust anchor.
    private EdhocCredential VerifyRegistrar(EdhocIdCred idCred, X509Certificate2 trustAnchor)
    {
        if (idCred.X5ChainFirstCertificate is not { } der)
        {
            throw new EnrollmentStepException("edhoc", "the registrar did not send its certificate (x5chain)", retryable: false);
        }
        var (certificate, owned) = Certificates is { } cache ? cache.Get(der, X509CertificateLoader.LoadCertificate) : (X509CertificateLoader.LoadCertificate(der), true);
        using var disposal = owned ? certificate : null;
        if (!CertificateChain.ChainsTo(certificate, [trustAnchor], DateTimeOffset.UtcNow, out string problem))
        {
            throw new EnrollmentStepException("edhoc", $"the registrar's certificate does not chain to our trust anchor ({problem})", retryable: false);
        }
        var credential = EdhocCredential.FromX5Chain(idCred);
        return credential.TryGetValue(out var value)
            ? value
            : throw new EnrollmentStepException("edhoc", $"the registrar's credential is unusable: {credential.Failure}", retryable: false);
    }

    private async Task<byte[]> EdhocExchangeAsync(string step, byte[] payload, CancellationToken cancellationToken)
    {
        var response = await ExchangeAsync(step, EdhocRequest(payload), cancellationToken).ConfigureAwait(false);
        if (response.Code == CoapCode.Changed && !response.Payload.IsEmpty)
        {
            return response.Payload.ToArray();
        }
        throw new EnrollmentStepException(step, $"{response.Code} {RefusalReason(response)}", retryable: response.Code.Class == 5 || response.Code == CoapCode.NotFound);
    }

    /// <summary>A POST to /.well-known/edhoc (appendix A.2): empty to trigger, otherwise a prefixed EDHOC message (Content-Format 65).</summary>
    private static CoapMessage EdhocRequest(byte[] payload)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        request.Payload = payload;
        if (payload.Length > 0)
        {
            request.SetUInt(CoapOptionNumber.ContentFormat, EdhocCoapTransport.RequestContentFormat);
        }
        return request;
    }

    /// <summary>Why the registrar refused: the EDHOC error message it sent, or its CoAP diagnostic.</summary>
    private static string RefusalReason(CoapMessage response) =>
        response.ContentFormat == CoapContentFormat.EdhocCborSeq && EdhocErrorMessage.Decode(response.Payload.ToArray()).TryGetValue(out var error)
            ? $"EDHOC error {error.Code}{(error.Diagnostic is { } text ? $": {text}" : "")}"
            : Diagnostic(response);

    // C_R must differ from C_I (they become the two OSCORE Sender IDs); one byte keeps messages short.
    private byte[] PickConnectionId(byte[] connectionIdI)
    {
        Span<byte> candidate = stackalloc byte[1];
        do
        {
            random.Fill(candidate);
        }
        while (candidate.SequenceEqual(connectionIdI));
        return candidate.ToArray();
    }

    private static string Diagnostic(CoapMessage response) => RegistrarChannel.Diagnostic(response);

    /// <summary>One request over OSCORE, repeated (newly protected) when its answer is lost; returns the verified inner response.</summary>
    public Task<CoapMessage> ProtectedExchangeAsync(OscoreSecurityContext context, string path, byte[] body, CancellationToken cancellationToken = default, ushort? accept = null, ushort contentFormat = CoapContentFormat.Pkcs10)
        => Channel.ProtectedExchangeAsync(context, path, body, cancellationToken, accept, contentFormat);

    private Task<CoapMessage> ExchangeAsync(string step, CoapMessage request, CancellationToken cancellationToken)
        => Channel.ExchangeAsync(step, request, cancellationToken);
}
