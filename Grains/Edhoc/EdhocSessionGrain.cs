using System.Security.Cryptography;
using Eals.Grains.Oscore;
using Eals.Grains.Pacing;
using Eals.Grains.Telemetry;
using System.Diagnostics;
using Eals.Grains.Pledges;
using Eals.Grains.Registrar;
using Eals.Grains.Security;
using Eals.Grains.Storage;
using Eals.Grains.Vouchers;
using Eals.Grains.Approvals;
using Eals.Protocol.Brski;
using Eals.Protocol.Vouchers;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Eals.Grains.Edhoc;

/// <summary>
/// The registrar's side of one EDHOC session (RFC 9528), in either flow of appendix A.2. Each step
/// checks it is the step the session expects; the protocol state is persisted (sealed) between
/// messages, so a session survives a silo restart; a repeated message gets the reply it got before.
/// The pledge is authenticated by its IDevID chain and signature before the admission policy is asked.
/// Until then nothing is written: a handshake before the identity is known lives in memory only (an
/// unauthenticated trigger or message_1 never costs a disk write; a crash costs the pledge a new handshake).
/// A session is stored when it must outlive a wait (the MASA, an operator). Once the pledge's grain took the
/// OSCORE context, the storage finds that grain by this session's identifier (<see cref="IGrainStateLookup"/>),
/// so the session's end is written only where the storage cannot.
/// </summary>
public sealed partial class EdhocSessionGrain(
    [PersistentState(EdhocSessionGrainState.StateName)] IPersistentState<EdhocSessionGrainState> state,
    RegistrarCredentials credentials,
    IStateSealer sealer,
    RegistrarVouchers vouchers,
    IMasaClient masa,
    IOptionsMonitor<MasaClientOptions> masaOptions,
    IOptionsMonitor<RegistrarOptions> options,
    TimeProvider time,
    ILogger<EdhocSessionGrain> logger,
    LeaseReleases releases,
    IGrainStateLookup? lookup = null) : Grain, IEdhocSessionGrain, IRemindable
{
    /// <summary>Suite 2 (P-256, ES256, AES-CCM-16-64-128): what constrained pledges and our P-256 certificates use.</summary>
    public static readonly IReadOnlyList<int> Suites = [2];

    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    private const string ExpiryReminder = "expiry";

    private static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _expiry;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The identifier may be a pledge's OSCORE kid from a session whose end was not written: it is taken.
        if (lookup is not null && state.State.Phase == EdhocSessionPhase.None
            && await lookup.FindAsync(PledgeGrainState.StateName, PledgeGrainState.KidKey(Key)) is { } owner)
        {
            state.State.Phase = EdhocSessionPhase.Completed;
            state.State.PledgeSerial = owner;
        }
        ScheduleExpiry();
    }

    // A session is stored only while it waits (the MASA, an operator): the first write sets a reminder, durable unlike
    // the timer, which brings the session back after a crash to delete its row once it times out.
    private async Task StoreAsync()
    {
        bool first = !state.RecordExists;
        await state.WriteStateAsync();
        if (first)
        {
            var timeout = options.CurrentValue.EdhocSessionTimeout;
            await this.RegisterOrUpdateReminder(ExpiryReminder, Due(), timeout < MinimumReminderPeriod ? MinimumReminderPeriod : timeout);
        }
    }

    // A session that ends without completing (failed, refused, timed out) leaves no row: its failure reply stays in this
    // activation's memory for retransmissions (collected only after the pledge's exchange lifetime has long passed); after
    // a restart a late repeat gets "no EDHOC session", and the pledge's enrollment has failed either way.
    private async Task ForgetStoredAsync()
    {
        if (!state.RecordExists)
        {
            return;
        }
        var ended = state.State;
        await state.ClearStateAsync();
        state.State = ended;
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await ExpireIfDueAsync())
        {
            LogFailed(logger, Key, EdhocFailureKind.UnexpectedState, "timed out waiting for the pledge");
        }
        else if (state.State.Phase is not (EdhocSessionPhase.AwaitingMessage2 or EdhocSessionPhase.AwaitingMessage3)
            && await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            // Completed: its row stays (it names the context's owner); nothing is left to expire.
            await this.UnregisterReminder(reminder);
        }
    }

    private TimeSpan Due()
    {
        var due = state.State.ExpiresAt - time.GetUtcNow();
        return due > TimeSpan.Zero ? due + TimeSpan.FromMilliseconds(50) : TimeSpan.Zero;
    }

    private byte[] ConnectionId => Convert.FromHexString(Key);

    private string SealPurpose => $"edhoc-session/{Key}";

    public async Task<EdhocReply?> StartReverseAsync(string site, PacingLease? lease)
    {
        await ExpireIfDueAsync();
        if (state.State.Phase != EdhocSessionPhase.None)
        {
            return null;
        }
        var started = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.SignatureSignature, Suites, ConnectionId), Crypto, SystemRandomSource.Instance);
        Begin(EdhocFlow.Reverse, EdhocSessionPhase.AwaitingMessage2, started.State.Serialize(), site, lease);
        return new EdhocReply(EdhocReply.Changed, started.Message, CoapContentFormat.EdhocCborSeq);
    }

    public async Task<EdhocReply?> StartForwardAsync(byte[] message1, string site, PacingLease? lease)
    {
        await ExpireIfDueAsync();
        if (state.State.Phase != EdhocSessionPhase.None)
        {
            return null;
        }
        var processing = EdhocResponder.ProcessMessage1(message1, new EdhocResponderOptions(Suites), Crypto);
        if (!processing.TryGetValue(out var responder))
        {
            // Nothing was stored for this identifier: a failed message_1 leaves no state behind.
            return ErrorReply(processing.Failure!);
        }
        var prepared = responder.PrepareMessage2(credentials.Identity, ConnectionId, SystemRandomSource.Instance);
        if (!prepared.TryGetValue(out var outgoing))
        {
            return ErrorReply(prepared.Failure!);
        }
        Begin(EdhocFlow.Forward, EdhocSessionPhase.AwaitingMessage3, outgoing.State.Serialize(), site, lease);
        return new EdhocReply(EdhocReply.Changed, outgoing.Message, CoapContentFormat.EdhocCborSeq);
    }

    public async Task<EdhocReply> ContinueAsync(byte[] message)
    {
        using var span = EnrollmentTelemetry.StartStep("edhoc continue", state.State.TraceParent, state.State.PledgeSerial);
        var reply = await ContinueInTraceAsync(message);
        span?.SetTag("eals.edhoc.phase", state.State.Phase.ToString()).SetTag("coap.code", $"{reply.Code >> 5}.{reply.Code & 0x1F:D2}");
        return reply;
    }

    private async Task<EdhocReply> ContinueInTraceAsync(byte[] message)
    {
        await ExpireIfDueAsync();
        byte[] hash = SHA256.HashData(message);
        var phase = state.State.Phase;
        if (phase == EdhocSessionPhase.Completed && EdhocErrorMessage.Decode(message).TryGetValue(out var error))
        {
            return await PledgeRefusedAsync(hash, error);
        }
        if (phase is EdhocSessionPhase.AwaitingMessage2 or EdhocSessionPhase.AwaitingMessage3
            && EdhocErrorMessage.Decode(message).TryGetValue(out var refusal))
        {
            return await HandshakeRefusedAsync(hash, refusal);
        }
        if (phase == EdhocSessionPhase.Completed && state.State.LastReply is null)
        {
            // Completed, but its end was never written (found through the pledge's OSCORE context after a restart): the
            // pledge may be repeating the message whose answer the crash took, and that answer cannot be made again.
            // 4.04 like a session that never existed, so the pledge starts a new one instead of giving up.
            return ErrorReply(new EdhocFailure(EdhocFailureKind.UnexpectedState, "this EDHOC session's answer was lost in a restart; start a new session"), EdhocReply.NotFound);
        }
        if (phase is EdhocSessionPhase.Completed or EdhocSessionPhase.Failed)
        {
            // A retransmission past the gateway's de-duplication, or through another gateway: same answer.
            return state.State.LastReply is { } reply && hash.AsSpan().SequenceEqual(state.State.LastMessageHash)
                ? reply
                : ErrorReply(new EdhocFailure(EdhocFailureKind.UnexpectedState, "this EDHOC session has ended"));
        }
        if (phase == EdhocSessionPhase.None)
        {
            return EdhocReply.NoSession();
        }
        byte[]? protocolState = sealer.Unseal(state.State.SealedProtocolState, SealPurpose);
        if (protocolState is null)
        {
            return await FailAsync(hash, null, "edhoc", new EdhocFailure(EdhocFailureKind.UnexpectedState, "the session state cannot be trusted; start again"));
        }
        return phase == EdhocSessionPhase.AwaitingMessage2
            ? await ProcessMessage2Async(protocolState, message, hash)
            : await ProcessMessage3Async(protocolState, message, hash);
    }

    // Reverse flow, RFC 9528 section 5.3.3 on the Initiator: message_2 names the pledge (ID_CRED_R = IDevID).
    private Task<EdhocReply> ProcessMessage2Async(byte[] protocolState, byte[] message, byte[] hash) =>
        ProcessPledgeMessageAsync<InitiatorWaitingForMessage2, InitiatorProcessingMessage2, InitiatorProcessedMessage2>(
            protocolState, hash,
            waiting => waiting.ProcessMessage2(message, VoucherEad.RegistrarUnderstands),
            received => received.IdCredR,
            received => received.Ead2,
            (received, credential) => received.Verify(credential),
            (processed, ead3) =>
            {
                var prepared = processed.PrepareMessage3(credentials.Identity, ead3);
                if (!prepared.TryGetValue(out var outgoing))
                {
                    return prepared.Failure!;
                }
                var completed = outgoing.State.CompleteWithoutMessage4();
                return completed.TryGetValue(out var session)
                    ? new Handshake(session, new EdhocReply(EdhocReply.Changed, outgoing.Message, CoapContentFormat.EdhocCborSeq))
                    : completed.Failure!;
            });

    // Forward flow, RFC 9528 section 5.4.3 on the Responder: message_3 names the pledge (ID_CRED_I = IDevID).
    private Task<EdhocReply> ProcessMessage3Async(byte[] protocolState, byte[] message, byte[] hash) =>
        ProcessPledgeMessageAsync<ResponderWaitingForMessage3, ResponderProcessingMessage3, ResponderProcessedMessage3>(
            protocolState, hash,
            waiting => waiting.ProcessMessage3(message),
            received => received.IdCredI,
            received => received.Ead3,
            (received, credential) => received.Verify(credential),
            (processed, _) => new Handshake(processed.Session, new EdhocReply(EdhocReply.Changed, [], null)));

    // The message that names the pledge, in either flow: decrypt, authenticate the credential (chain and
    // signature) before asking the admission policy, then establish the OSCORE context and answer.
    private async Task<EdhocReply> ProcessPledgeMessageAsync<TWaiting, TReceived, TVerified>(
        byte[] protocolState,
        byte[] hash,
        Func<TWaiting, EdhocResult<TReceived>> receive,
        Func<TReceived, EdhocIdCred> idCredOf,
        Func<TReceived, IReadOnlyList<EadItem>> eadOf,
        Func<TReceived, EdhocCredential, EdhocResult<TVerified>> verify,
        Func<TVerified, IReadOnlyList<EadItem>, EdhocResult<Handshake>> finish)
        where TWaiting : EdhocState
        where TReceived : class
        where TVerified : class
    {
        var waiting = EdhocStateRestorer.Restore<TWaiting>(protocolState, Crypto);
        if (!waiting.TryGetValue(out var state))
        {
            return await FailAsync(hash, null, "edhoc", waiting.Failure!);
        }
        var received = receive(state);
        if (!received.TryGetValue(out var processing))
        {
            return await FailAsync(hash, null, "edhoc", received.Failure!);
        }
        var (credential, identity, problem) = AuthenticatePeer(idCredOf(processing));
        if (problem is not null)
        {
            return await FailAsync(hash, null, "edhoc", problem);
        }
        var verified = verify(processing, credential!);
        if (!verified.TryGetValue(out var processed))
        {
            return await FailAsync(hash, null, "edhoc", verified.Failure!);
        }
        HandshakeAuthenticated();
        // Zero-touch (RFC 8995): a pledge that asked for a voucher gets one from its MASA, checked, or nothing.
        var ead = new List<EadItem>();
        var notes = new List<TimelineEntry>();
        VoucherSummary? summary = null;
        if (VoucherEad.Find(eadOf(processing), VoucherEad.VoucherRequestLabel) is { } voucherRequest)
        {
            var outcome = await ObtainVoucherAsync(identity!, idCredOf(processing).X5ChainFirstCertificate!, voucherRequest);
            if (outcome.Refusal is { } refusal)
            {
                return await FailAsync(hash, identity, "voucher", new EdhocFailure(EdhocFailureKind.UnexpectedState, refusal), EdhocErrorMessage.Unspecified("no voucher for this pledge"));
            }
            if (outcome.RetryAfter is { } retryAfter)
            {
                return await WaitAsync(outcome.Waiting!, retryAfter);
            }
            ead.Add(new EadItem(VoucherEad.VoucherLabel, outcome.Voucher!));
            summary = outcome.Summary;
            if (outcome.Note is { } voucherNote)
            {
                notes.Add(voucherNote);
            }
        }
        // message_3 and the OSCORE context are made first (pure work on this session's state, nothing stored), so the
        // pledge's grain can decide and take the context in one call and one write; a pledge that may not go on yet
        // leaves this session as it was, and its repeated message gets the decision again.
        var finished = finish(processed, ead);
        if (!finished.IsSuccess)
        {
            return await FailAsync(hash, identity, "edhoc", finished.Failure!);
        }
        var decision = await AuthenticateAsync(finished.Value.Session, identity!, summary, [.. notes]);
        if (decision.Outcome == AuthorizationOutcome.Pending)
        {
            return await WaitAsync(decision.Reason, options.CurrentValue.PendingRetryAfter);
        }
        if (!decision.Allowed)
        {
            return await RefuseAsync(hash, identity!, decision);
        }
        return await CompleteAsync(hash, identity!, finished.Value.Reply with { Owner = identity!.Serial });
    }

    // Reverse flow: the pledge answers message_3 with an EDHOC error when it does not accept it (a voucher
    // that does not verify, a registrar outside the pinned domain). The context it will never use is
    // removed, unless it already served a request: EDHOC errors are unauthenticated (RFC 9528 section 6),
    // so an error cannot take away a context the pledge has shown it holds.
    private async Task<EdhocReply> PledgeRefusedAsync(byte[] hash, EdhocErrorMessage error)
    {
        bool revoked = state.State.PledgeSerial is { } owner
            ? await GrainFactory.Reference<IPledgeGrain>(owner).RevokeUnusedContextAsync(Key)
            : await GrainFactory.Reference<ISecurityContextGrain>(Key).RevokeUnusedAsync();
        if (!revoked)
        {
            return ErrorReply(new EdhocFailure(EdhocFailureKind.UnexpectedState, "the OSCORE context is in use"));
        }
        string reason = $"the pledge refused message_3: EDHOC error {error.Code}{(error.Diagnostic is { } text ? $" ({text})" : "")}";
        var reply = new EdhocReply(EdhocReply.Changed, [], null);
        state.State.Phase = EdhocSessionPhase.Failed;
        state.State.FailureReason = reason;
        state.State.LastMessageHash = hash;
        state.State.LastReply = reply;
        await ForgetStoredAsync();
        if (state.State.PledgeSerial is { } serial)
        {
            await GrainFactory.Reference<IPledgeGrain>(serial).FailedAsync("voucher", reason);
        }
        LogFailed(logger, Key, EdhocFailureKind.PeerError, reason);
        return reply;
    }

    // The pledge proved its identity: its slot is no longer a handshake's (which the site ends after seconds).
    private void HandshakeAuthenticated() => state.State.Lease?.HandshakeDone(releases);

    // The pledge answered message_1 (or message_2) with an EDHOC error (RFC 9528 section 6): it will not go on with
    // this session (an unsupported method or suite, a credential it does not accept). The session ends and its slot
    // goes back at once; nothing was authenticated, so nothing of the pledge's is touched.
    private async Task<EdhocReply> HandshakeRefusedAsync(byte[] hash, EdhocErrorMessage error)
    {
        string reason = $"the pledge refused the handshake: EDHOC error {error.Code}{(error.Diagnostic is { } text ? $" ({text})" : "")}";
        var reply = new EdhocReply(EdhocReply.Changed, [], null);
        ReleaseSlot("refused by the pledge");
        state.State.Phase = EdhocSessionPhase.Failed;
        state.State.SealedProtocolState = [];
        state.State.FailureReason = reason;
        state.State.LastMessageHash = hash;
        state.State.LastReply = reply;
        await ForgetStoredAsync();
        LogFailed(logger, Key, EdhocFailureKind.PeerError, reason);
        return reply;
    }

    // The pledge's credential must be its IDevID, carried in the message (x5chain) and chaining to a manufacturer.
    private (EdhocCredential? Credential, PledgeIdentity? Identity, EdhocFailure? Problem) AuthenticatePeer(EdhocIdCred idCred)
    {
        if (idCred.X5ChainFirstCertificate is not { } certificate)
        {
            return (null, null, new EdhocFailure(EdhocFailureKind.UnknownCredential, "the registrar needs the IDevID in ID_CRED (x5chain)"));
        }
        var (identity, problem) = IdevidValidator.Validate(certificate, credentials, time.GetUtcNow());
        if (identity is null)
        {
            return (null, null, new EdhocFailure(EdhocFailureKind.UnknownCredential, problem!));
        }
        var credential = EdhocCredential.FromX5Chain(idCred);
        return credential.TryGetValue(out var value) ? (value, identity, null) : (null, null, credential.Failure);
    }

    // Appendix A.1: the context is created before the reply that lets the pledge use it, by the pledge's grain, which
    // owns it from now on, together with the decision whether the pledge may enroll. A pledge holding a domain
    // certificate of ours was admitted before: the certificate itself authorises re-enrollment.
    private async Task<AuthorizationDecision> AuthenticateAsync(EdhocSession session, PledgeIdentity identity, VoucherSummary? voucher, TimelineEntry[] notes)
    {
        var parameters = session.OscoreParameters();
        var decided = identity.Kind == PledgeCredentialKind.Ldevid
            ? AuthorizationDecision.Allow($"holds domain certificate {identity.CertificateSerial}")
            : null;
        var decision = await GrainFactory.Reference<IPledgeGrain>(identity.Serial).AuthenticateAsync(new EdhocAuthentication(
            identity, Key,
            new OscoreEstablishment(parameters.MasterSecret, parameters.MasterSalt, parameters.SenderId, parameters.RecipientId, identity),
            state.State.Lease, state.State.TraceParent, state.State.StartedAt, notes, voucher, decided));
        if (decision.Allowed)
        {
            Activity.Current?.SetTag(EnrollmentTelemetry.SerialTag, identity.Serial);
            EnrollmentTelemetry.EdhocDuration.Record((time.GetUtcNow() - state.State.StartedAt).TotalSeconds);
            LogAuthenticated(logger, Key, identity.Serial, decision.Reason);
        }
        return decision;
    }

    public Task<string?> OwnerAsync() => Task.FromResult(state.State.Phase == EdhocSessionPhase.Completed ? state.State.PledgeSerial : null);

    private void Begin(EdhocFlow flow, EdhocSessionPhase phase, byte[] protocolState, string site, PacingLease? lease)
    {
        var now = time.GetUtcNow();
        state.State = new EdhocSessionGrainState
        {
            Phase = phase,
            Flow = flow,
            SealedProtocolState = sealer.Seal(protocolState, SealPurpose),
            StartedAt = now,
            ExpiresAt = now + options.CurrentValue.EdhocSessionTimeout,
            Site = site,
            Lease = lease,
            TraceParent = EnrollmentTelemetry.NewTrace(),
        };
        using (EnrollmentTelemetry.StartStep($"edhoc start ({flow})", state.State.TraceParent)?.SetTag("eals.site", site))
        {
            EnrollmentTelemetry.Started.Add(1);
        }
        ScheduleExpiry();
    }

    // A session that waits too long is ended by a timer (or, after a restart, its reminder), so its sealed secrets do not outlive it in storage.
    private void ScheduleExpiry()
    {
        _expiry?.Dispose();
        _expiry = null;
        if (state.State.Phase is not (EdhocSessionPhase.AwaitingMessage2 or EdhocSessionPhase.AwaitingMessage3))
        {
            return;
        }
        _expiry = this.RegisterGrainTimer(async _ =>
        {
            if (await ExpireIfDueAsync())
            {
                LogFailed(logger, Key, EdhocFailureKind.UnexpectedState, "timed out waiting for the pledge");
            }
        }, Due(), Timeout.InfiniteTimeSpan);
    }

    private async Task<EdhocReply> CompleteAsync(byte[] hash, PledgeIdentity identity, EdhocReply reply)
    {
        state.State.Phase = EdhocSessionPhase.Completed;
        state.State.Lease = null; // handed to the pledge grain, which gives it back when the enrollment ends
        state.State.SealedProtocolState = [];
        state.State.PledgeSerial = identity.Serial;
        state.State.LastMessageHash = hash;
        state.State.LastReply = reply;
        if (lookup is null || state.RecordExists)
        {
            await state.WriteStateAsync();
        }
        return reply;
    }

    // RFC 8995 section 5.5 with back-off: the voucher is asked for once and kept; an unreachable MASA is
    // retried no sooner than 2^attempts seconds later (the pledge is told to come back then); a refusal is final.
    private async Task<VoucherOutcome> ObtainVoucherAsync(PledgeIdentity identity, byte[] idevidDer, byte[] pledgeRequestBytes)
    {
        // The pledge signs its voucher request with the IDevID it authenticated with (RFC 8995 section 5.2).
        VoucherRequest pledgeRequest;
        try
        {
            // The IDevID was validated in AuthenticatePeer: its key verifies from the DER without a second parse.
            pledgeRequest = VoucherCbor.DecodeVoucherRequest(CoseSign1.Verify(pledgeRequestBytes, idevidDer).Payload);
        }
        catch (VoucherException exception)
        {
            return VoucherOutcome.Refused($"the pledge's voucher request is not acceptable ({exception.Error}): {exception.Message}");
        }
        if (!string.Equals(pledgeRequest.SerialNumber, identity.Serial, StringComparison.Ordinal))
        {
            return VoucherOutcome.Refused($"the voucher request names serial '{pledgeRequest.SerialNumber}', the IDevID '{identity.Serial}'");
        }
        var now = time.GetUtcNow();
        if (state.State.SignedVoucher is { } kept)
        {
            return Checked(kept, identity, pledgeRequest, now);
        }
        if (now < state.State.NextMasaAttempt)
        {
            return VoucherOutcome.Wait("the MASA is unreachable; trying again", state.State.NextMasaAttempt - now);
        }
        var response = await masa.RequestVoucherAsync(vouchers.BuildRequest(identity, pledgeRequest, pledgeRequestBytes, now), CancellationToken.None);
        var pledge = GrainFactory.Reference<IPledgeGrain>(identity.Serial);
        if (response.Voucher is null && response.Unreachable is { } down)
        {
            state.State.MasaAttempts++;
            var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, state.State.MasaAttempts), masaOptions.CurrentValue.MaxBackoff.TotalSeconds));
            state.State.NextMasaAttempt = now + backoff;
            await StoreAsync();
            await pledge.NoteAsync("masa", "unreachable", $"attempt {state.State.MasaAttempts}: {down}; next try in {backoff.TotalSeconds:F0} s");
            return VoucherOutcome.Wait("the MASA is unreachable; trying again", backoff);
        }
        if (response.Voucher is null)
        {
            await pledge.NoteAsync("masa", "refused", response.Refusal ?? "no reason given");
            return VoucherOutcome.Refused($"the MASA refused a voucher: {response.Refusal}");
        }
        var outcome = Checked(response.Voucher, identity, pledgeRequest, time.GetUtcNow());
        if (outcome.Voucher is not null)
        {
            // Kept before anything else happens when the MASA would not sign for this nonce again; a MASA that repeats
            // its voucher (the hosted one) is simply asked again after a crash, and the voucher is stored with the session's end.
            state.State.SignedVoucher = response.Voucher;
            if (!response.Repeatable)
            {
                await StoreAsync();
            }
            return outcome with { Note = new TimelineEntry(time.GetUtcNow(), "voucher", "issued", $"by {outcome.Summary!.Masa}, {outcome.Summary.Assertion}, expires {outcome.Summary.ExpiresOn:u}") };
        }
        return outcome;
    }

    private VoucherOutcome Checked(byte[] signedVoucher, PledgeIdentity identity, VoucherRequest pledgeRequest, DateTimeOffset now)
    {
        try
        {
            var (_, summary) = vouchers.Validate(signedVoucher, identity, pledgeRequest.Nonce, now);
            return VoucherOutcome.Obtained(signedVoucher, summary);
        }
        catch (VoucherException exception)
        {
            return VoucherOutcome.Refused($"the MASA's voucher is not acceptable ({exception.Error}): {exception.Message}");
        }
    }

    /// <summary><see cref="Note"/>: the voucher's timeline entry when it was just obtained, for the pledge's next write.</summary>
    private sealed record VoucherOutcome(byte[]? Voucher, VoucherSummary? Summary, string? Refusal, string? Waiting, TimeSpan? RetryAfter, TimelineEntry? Note = null)
    {
        public static VoucherOutcome Obtained(byte[] voucher, VoucherSummary summary) => new(voucher, summary, null, null, null);

        public static VoucherOutcome Refused(string reason) => new(null, null, reason, null, null);

        public static VoucherOutcome Wait(string reason, TimeSpan retryAfter) => new(null, null, null, reason, retryAfter);
    }

    // Not decided yet (an operator, or the MASA): the session keeps its state and its time-out restarts;
    // the pledge repeats the same message after Max-Age and then gets the answer (RFC 7252 5.9.3.4).
    private async Task<EdhocReply> WaitAsync(string reason, TimeSpan retryAfter)
    {
        state.State.ExpiresAt = time.GetUtcNow() + options.CurrentValue.EdhocSessionTimeout;
        await StoreAsync();
        ScheduleExpiry();
        return new EdhocReply(EdhocReply.ServiceUnavailable, System.Text.Encoding.UTF8.GetBytes(reason), null, (uint)Math.Ceiling(retryAfter.TotalSeconds));
    }

    // Authenticated but not admitted: ERR_CODE 1 with a diagnostic the pledge can show; no OSCORE context.
    private Task<EdhocReply> RefuseAsync(byte[] hash, PledgeIdentity identity, AuthorizationDecision decision) =>
        FailAsync(hash, identity, "authorize", new EdhocFailure(EdhocFailureKind.UnexpectedState, $"not authorised: {decision.Reason}"),
            EdhocErrorMessage.Unspecified("enrollment not authorised"));

    private async Task<EdhocReply> FailAsync(byte[] hash, PledgeIdentity? identity, string step, EdhocFailure failure, EdhocErrorMessage? message = null)
    {
        var reply = message is null ? ErrorReply(failure) : new EdhocReply(EdhocReply.BadRequest, message.Encode(), CoapContentFormat.EdhocCborSeq);
        if (identity is null)
        {
            // Nothing authenticated this message (garbage, a forged or tampered message_2, an untrusted certificate):
            // it gets its error and changes no stored state, so an injected message cannot end the genuine
            // pledge's session; the session still ends by its time-out.
            LogRejected(logger, Key, failure.Kind, failure.Detail);
            return reply;
        }
        ReleaseSlot("failed");
        state.State.Phase = EdhocSessionPhase.Failed;
        state.State.SealedProtocolState = [];
        state.State.PledgeSerial = identity.Serial;
        state.State.FailureReason = failure.ToString();
        state.State.LastMessageHash = hash;
        state.State.LastReply = reply;
        await ForgetStoredAsync();
        await GrainFactory.Reference<IPledgeGrain>(identity.Serial).FailedAsync(step, failure.Detail);
        LogFailed(logger, Key, failure.Kind, failure.Detail);
        return reply;
    }

    // An abandoned session frees its secrets, its pacing slot and its stored row; its identifier stays taken while
    // this activation lives (a late message_2 finds "this EDHOC session has ended").
    private async Task<bool> ExpireIfDueAsync()
    {
        var phase = state.State.Phase;
        if (phase is EdhocSessionPhase.AwaitingMessage2 or EdhocSessionPhase.AwaitingMessage3 && time.GetUtcNow() > state.State.ExpiresAt)
        {
            ReleaseSlot("timed out");
            state.State.Phase = EdhocSessionPhase.Failed;
            state.State.SealedProtocolState = [];
            state.State.FailureReason = "timed out";
            state.State.LastReply = null;
            await ForgetStoredAsync();
            return true;
        }
        return false;
    }

    // Queued before the state that drops the lease is written: a crash in between releases it twice (the site
    // ignores the second) or not at all (the lease runs out at the site), never holds it for good.
    private void ReleaseSlot(string outcome)
    {
        if (state.State.Lease is { } lease)
        {
            lease.Release(releases, outcome);
            state.State.Lease = null;
        }
    }

    private static EdhocReply ErrorReply(EdhocFailure failure, byte code = EdhocReply.BadRequest) =>
        new(code, failure.ToErrorMessage().Encode(), CoapContentFormat.EdhocCborSeq);

    private sealed record Handshake(EdhocSession Session, EdhocReply Reply);

    [LoggerMessage(Level = LogLevel.Information, Message = "EDHOC session {ConnectionId}: pledge {Serial} authenticated and admitted ({Reason})")]
    private static partial void LogAuthenticated(ILogger logger, string connectionId, string serial, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "EDHOC session {ConnectionId} rejected an unauthenticated message: {Kind}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string connectionId, EdhocFailureKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "EDHOC session {ConnectionId} failed: {Kind}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string connectionId, EdhocFailureKind kind, string detail);
}
