using System.Security.Cryptography;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Oscore;

/// <summary>
/// One OSCORE Security Context (RFC 8613 section 3): the Common Context (Common IV, ID Context), the
/// Sender Context (Sender ID and Key, Sender Sequence Number with its persisted ceiling) and the
/// Recipient Context (Recipient ID and Key, replay window). It protects and verifies requests (as client
/// or server) and responses, and changes no state when a received message fails verification.
/// Not thread-safe: one owner (a grain activation) serialises calls, as section 7.2 requires for the
/// sequence number.
/// </summary>
public sealed class OscoreSecurityContext : IDisposable
{
    private const int MaxStackAad = 128;

    private readonly byte[] _senderId;
    private readonly byte[] _recipientId;
    private readonly byte[]? _idContext;
    private readonly byte[] _senderKey;
    private readonly byte[] _recipientKey;
    private readonly byte[] _commonIv;
    private readonly AesCcm _senderAead;
    private readonly AesCcm _recipientAead;
    private readonly OscoreSenderSequence _sequence;
    private readonly OscoreReplayWindow _window;
    private readonly IOscoreSequenceNumberStore _store;
    private readonly IRandomSource _random;
    private readonly int _echoLength;
    private readonly IOscoreEncryptionObserver? _observer;
    private byte[]? _pendingEcho;

    private OscoreSecurityContext(OscoreContextState state, IOscoreSequenceNumberStore store, IRandomSource random, bool replayWindowTrusted, IOscoreEncryptionObserver? observer)
    {
        if (!state.IsConsistent())
        {
            throw new ArgumentException("Inconsistent OSCORE context state.", nameof(state));
        }
        _senderId = state.SenderId.ToArray();
        _recipientId = state.RecipientId.ToArray();
        _idContext = state.IdContext?.ToArray();
        _senderKey = state.SenderKey.ToArray();
        _recipientKey = state.RecipientKey.ToArray();
        _commonIv = state.CommonIv.ToArray();
        _senderAead = new AesCcm(_senderKey);
        _recipientAead = new AesCcm(_recipientKey);
        _store = store;
        _random = random;
        _echoLength = state.EchoLength;
        _observer = observer;
        _pendingEcho = state.PendingEcho?.ToArray();
        // Appendix B.1.1: resume at the persisted ceiling, never below it.
        ulong ceiling = Math.Max(state.SenderSequenceCeiling, store.PersistedCeiling ?? 0);
        _sequence = new OscoreSenderSequence(state.SenderSequenceNumber, ceiling, state.SequencePersistInterval);
        _window = OscoreReplayWindow.Restore(state.ReplayWindowSize, state.ReplayWindowHighest, state.ReplayWindowBitmap,
            state.ReplayWindowInitialised && replayWindowTrusted);
    }

    public ReadOnlySpan<byte> SenderId => _senderId;
    public ReadOnlySpan<byte> RecipientId => _recipientId;
    /// <summary>The ID Context, or null when absent.</summary>
    public byte[]? IdContext => _idContext?.ToArray();
    public ulong SenderSequenceNumber => _sequence.Next;
    public ulong PersistedSequenceCeiling => _sequence.Ceiling;
    public bool IsReplayWindowInitialised => _window.IsInitialised;

    /// <summary>
    /// A new context from its input parameters (section 3.2): sequence number 0, empty replay window.
    /// <paramref name="observer"/>, when given, is told of every encryption (diagnostics only).
    /// </summary>
    public static OscoreSecurityContext Derive(OscoreContextParameters parameters, IOscoreSequenceNumberStore store, IRandomSource random, OscoreContextOptions? options = null, IOscoreEncryptionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= OscoreContextOptions.Default;
        options.Validate();
        var keys = OscoreKeyDerivation.Derive(parameters);
        var state = new OscoreContextState(
            parameters.SenderId.ToArray(), parameters.RecipientId.ToArray(), parameters.IdContext?.ToArray(),
            keys.SenderKey, keys.RecipientKey, keys.CommonIv,
            SenderSequenceNumber: 0, SenderSequenceCeiling: 0, options.SequencePersistInterval,
            options.ReplayWindowSize, ReplayWindowHighest: -1, ReplayWindowBitmap: 0, ReplayWindowInitialised: true,
            PendingEcho: null, options.EchoLength);
        return new OscoreSecurityContext(state, store, random, replayWindowTrusted: true, observer);
    }

    /// <summary>
    /// A context continued from an exported state, e.g. after a restart. The sender resumes at the higher
    /// of the state's ceiling and <paramref name="store"/>'s (appendix B.1.1). Pass
    /// <paramref name="replayWindowTrusted"/> false when the window in the state may be older than the
    /// last accepted request: requests are then answered with Echo challenges until one comes back (B.1.2).
    /// </summary>
    public static OscoreSecurityContext Restore(OscoreContextState state, IOscoreSequenceNumberStore store, IRandomSource random, bool replayWindowTrusted, IOscoreEncryptionObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new OscoreSecurityContext(state, store, random, replayWindowTrusted, observer);
    }

    /// <summary>The full state, for persisting (see <see cref="OscoreContextState"/>).</summary>
    public OscoreContextState Export() => new(
        _senderId.ToArray(), _recipientId.ToArray(), _idContext?.ToArray(), _senderKey.ToArray(), _recipientKey.ToArray(), _commonIv.ToArray(),
        _sequence.Next, _sequence.Ceiling, _sequence.PersistInterval,
        _window.Size, _window.Highest, _window.Bitmap, _window.IsInitialised, _pendingEcho?.ToArray(), _echoLength);

    /// <summary>
    /// Section 8.1: protects a request as the client. The result's binding verifies the response. With
    /// <paramref name="includeKidContext"/> the ID Context is sent as 'kid context' (needs an ID Context).
    /// </summary>
    public async ValueTask<OscoreResult<OscoreProtection>> ProtectRequestAsync(CoapMessage request, bool includeKidContext = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            return OscoreError.InvalidMessage("Not a request.");
        }
        if (includeKidContext && _idContext is null)
        {
            return OscoreError.InvalidMessage("No ID Context to send as kid context.");
        }
        if (!OscoreMessageSplitter.TrySplit(request, out var inner, out var outer, out string? problem))
        {
            return OscoreError.InvalidMessage(problem);
        }
        var plaintext = OscorePlaintext.Encode(request.Code, inner, request.Payload);
        var sequenceNumber = await TakeSequenceNumberAsync(cancellationToken).ConfigureAwait(false);
        if (sequenceNumber is not { } number)
        {
            return OscoreError.SequenceNumbersExhausted;
        }
        var partialIv = OscorePartialIv.Encode(number);
        var binding = new OscoreRequestBinding(_senderId.ToArray(), partialIv);
        var option = new OscoreOptionValue(partialIv, includeKidContext ? _idContext?.ToArray() : null, _senderId.ToArray());
        var outerCode = request.HasOption(CoapOptionNumber.Observe) ? CoapCode.Fetch : CoapCode.Post;
        return Seal(request, outerCode, outer, plaintext, option, binding, _senderId, partialIv);
    }

    /// <summary>
    /// Section 8.3: protects a response as the server, bound to the request it answers. Without
    /// <paramref name="includePartialIv"/> the request's nonce is reused (C.7); with it, for an Observe
    /// notification, or when the request's freshness was not verified, the response carries the server's
    /// own Partial IV (C.8).
    /// </summary>
    public async ValueTask<OscoreResult<OscoreProtection>> ProtectResponseAsync(CoapMessage response, OscoreRequestBinding binding, bool includePartialIv = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(binding);
        if (!response.IsResponse)
        {
            return OscoreError.InvalidMessage("Not a response.");
        }
        if (!OscoreMessageSplitter.TrySplit(response, out var inner, out var outer, out string? problem))
        {
            return OscoreError.InvalidMessage(problem);
        }
        var plaintext = OscorePlaintext.Encode(response.Code, inner, response.Payload);
        bool isNotification = response.HasOption(CoapOptionNumber.Observe);
        var outerCode = isNotification ? CoapCode.Content : CoapCode.Changed;
        // Several notifications answer one request: each needs its own nonce (sections 4.1.3.5.2, 8.3).
        if (!includePartialIv && !isNotification && binding.FreshnessVerified)
        {
            return Seal(response, outerCode, outer, plaintext, OscoreOptionValue.Empty, binding, binding.RequestKid, binding.RequestPartialIv);
        }
        var sequenceNumber = await TakeSequenceNumberAsync(cancellationToken).ConfigureAwait(false);
        if (sequenceNumber is not { } number)
        {
            return OscoreError.SequenceNumbersExhausted;
        }
        var partialIv = OscorePartialIv.Encode(number);
        return Seal(response, outerCode, outer, plaintext, new OscoreOptionValue(partialIv, null, null), binding, _senderId, partialIv);
    }

    /// <summary>
    /// Section 8.2: verifies a request as the server. On success the window has recorded the Partial IV; on
    /// any failure no state changed, except that a lost window (appendix B.1.2) records the Echo value it
    /// challenges with.
    /// </summary>
    public OscoreResult<OscoreVerifiedRequest> UnprotectRequest(CoapMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var read = OscoreOptionValue.Read(request);
        if (!read.IsSuccess || read.Value.PartialIv is null || read.Value.Kid is null)
        {
            return OscoreError.CoseDecodeFailed;
        }
        var option = read.Value;
        if (!option.Kid.AsSpan().SequenceEqual(_recipientId)
            || (option.KidContext is not null && (_idContext is null || !option.KidContext.AsSpan().SequenceEqual(_idContext))))
        {
            return OscoreError.SecurityContextNotFound;
        }
        ulong sequenceNumber = OscorePartialIv.Decode(option.PartialIv);
        var replay = _window.Check(sequenceNumber);
        if (replay is OscoreReplayCheck.Replayed or OscoreReplayCheck.TooOld)
        {
            return OscoreError.ReplayDetected;
        }
        var binding = new OscoreRequestBinding(option.Kid, option.PartialIv);
        var opened = Open(request, binding, _recipientId, option.PartialIv, expectRequest: true);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }
        var message = opened.Value;
        if (replay == OscoreReplayCheck.WindowNotInitialised)
        {
            if (_pendingEcho is null || !message.TryGetOption(CoapOptionNumber.Echo, out var echo) || !echo.Value.Span.SequenceEqual(_pendingEcho))
            {
                return ChallengeWithEcho(request, binding);
            }
            message.RemoveOption(CoapOptionNumber.Echo);
            _pendingEcho = null;
            _window.InitialiseFrom(sequenceNumber);
        }
        else
        {
            _window.MarkReceived(sequenceNumber);
        }
        return new OscoreVerifiedRequest(message, binding);
    }

    /// <summary>Section 8.4: verifies a response as the client, with the binding of the request it answers.</summary>
    public OscoreResult<CoapMessage> UnprotectResponse(CoapMessage response, OscoreRequestBinding binding)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(binding);
        var read = OscoreOptionValue.Read(response);
        if (!read.IsSuccess)
        {
            return read.Error;
        }
        var option = read.Value;
        if ((option.Kid is not null && !option.Kid.AsSpan().SequenceEqual(_recipientId))
            || (option.KidContext is not null && (_idContext is null || !option.KidContext.AsSpan().SequenceEqual(_idContext))))
        {
            return OscoreError.SecurityContextNotFound;
        }
        return option.PartialIv is { } partialIv
            ? Open(response, binding, _recipientId, partialIv, expectRequest: false)
            : Open(response, binding, binding.RequestKid, binding.RequestPartialIv, expectRequest: false);
    }

    public void Dispose()
    {
        _senderAead.Dispose();
        _recipientAead.Dispose();
    }

    public override string ToString()
        => $"OscoreSecurityContext {{ SenderId = h'{Convert.ToHexStringLower(_senderId)}', RecipientId = h'{Convert.ToHexStringLower(_recipientId)}', SSN = {_sequence.Next} }}";

    // Appendix B.1.1: a number at or above the persisted ceiling is used only after a higher ceiling is stored.
    private async ValueTask<ulong?> TakeSequenceNumberAsync(CancellationToken cancellationToken)
    {
        ulong number;
        while (!_sequence.TryTake(out number))
        {
            if (_sequence.IsExhausted)
            {
                return null;
            }
            ulong ceiling = _sequence.ProposedCeiling;
            await _store.PersistCeilingAsync(ceiling, cancellationToken).ConfigureAwait(false);
            _sequence.CeilingPersisted(ceiling);
        }
        return number;
    }

    private OscoreProtection Seal(CoapMessage original, CoapCode outerCode, List<CoapOption> outerOptions, byte[] plaintext,
        OscoreOptionValue option, OscoreRequestBinding binding, ReadOnlySpan<byte> idPiv, ReadOnlySpan<byte> noncePartialIv)
    {
        var aadArray = OscoreAad.BuildAadArray(binding.RequestKid, binding.RequestPartialIv);
        var aad = OscoreAad.BuildAad(binding.RequestKid, binding.RequestPartialIv);
        var nonce = OscoreNonce.Compute(_commonIv, idPiv, noncePartialIv);
        var ciphertext = new byte[plaintext.Length + OscoreAlgorithm.TagLength];
        _senderAead.Encrypt(nonce, plaintext, ciphertext.AsSpan(0, plaintext.Length), ciphertext.AsSpan(plaintext.Length), aad);
        _observer?.Encrypted(_senderKey, nonce);
        var optionValue = option.Encode();
        var message = OscoreMessageEnvelope.Copy(original, outerCode, ciphertext, outerOptions);
        message.AddOption(CoapOptionNumber.Oscore, optionValue);
        return new OscoreProtection(message, binding, option, optionValue, aadArray, aad, plaintext, nonce, ciphertext);
    }

    private OscoreResult<CoapMessage> Open(CoapMessage received, OscoreRequestBinding binding, ReadOnlySpan<byte> idPiv, ReadOnlySpan<byte> partialIv, bool expectRequest)
    {
        var ciphertext = received.Payload.Span;
        if (ciphertext.Length < OscoreAlgorithm.TagLength)
        {
            return OscoreError.DecryptionFailed;
        }
        int aadLength = OscoreAad.GetAadLength(binding.RequestKid.Length, binding.RequestPartialIv.Length);
        Span<byte> aad = aadLength <= MaxStackAad ? stackalloc byte[aadLength] : new byte[aadLength];
        OscoreAad.WriteAad(binding.RequestKid, binding.RequestPartialIv, aad);
        Span<byte> nonce = stackalloc byte[OscoreAlgorithm.NonceLength];
        OscoreNonce.Compute(_commonIv, idPiv, partialIv, nonce);
        int plaintextLength = ciphertext.Length - OscoreAlgorithm.TagLength;
        var plaintext = new byte[plaintextLength];
        try
        {
            _recipientAead.Decrypt(nonce, ciphertext[..plaintextLength], ciphertext[plaintextLength..], plaintext, aad);
        }
        catch (CryptographicException)
        {
            return OscoreError.DecryptionFailed;
        }
        if (!OscorePlaintext.TryDecode(plaintext, out var code, out var innerOptions, out var payload)
            || (expectRequest ? !code.IsRequest : !code.IsResponse)
            || innerOptions.Any(o => o.Number == CoapOptionNumber.Oscore))
        {
            return OscoreError.MalformedPlaintext;
        }
        // Outer Class U options stay; Outer forms of "both" options (proxy Block, Observe, Max-Age) give way to the Inner ones.
        return OscoreMessageEnvelope.Copy(received, code, payload,
            received.Options.Where(o => OscoreOptionClasses.KeepOuterOnReceive(o.Number)).Concat(innerOptions));
    }

    private OscoreError ChallengeWithEcho(CoapMessage request, OscoreRequestBinding binding)
    {
        if (_pendingEcho is null)
        {
            var echo = new byte[_echoLength];
            _random.Fill(echo);
            _pendingEcho = echo;
        }
        var response = OscoreMessageEnvelope.ResponseTo(request, CoapCode.Unauthorized);
        response.AddOption(CoapOptionNumber.Echo, _pendingEcho.ToArray());
        return new OscoreError(OscoreErrorKind.FreshnessUnverified, CoapCode.Unauthorized, "Freshness not verified")
        {
            EchoChallenge = new OscoreEchoChallenge(response, binding with { FreshnessVerified = false }),
        };
    }
}
