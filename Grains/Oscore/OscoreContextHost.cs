using Eals.Grains.Security;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Grains.Oscore;

/// <summary>
/// The OSCORE side (RFC 8613) of a grain that owns a security context: the security context grain (pre-shared
/// keys, ACE, contexts of the release before) and the pledge grain (contexts EDHOC made). The owner keeps the
/// context sealed in its own state (<paramref name="sealedState"/> reads it, <paramref name="store"/> replaces
/// it, <paramref name="write"/> writes the owner's whole state); this host keeps the live context, the answers
/// to recent requests and the sequence-number ceiling, which is durable before any number below it is used
/// (appendix B.1.1). Each step is one call of the owner's single-threaded turn. The observer (nonce log) hears of
/// an answer's encryption once the answer is remembered, that is once the owner wrote and lets it go
/// (<see cref="HeldEncryptions"/>).
/// </summary>
public sealed class OscoreContextHost(
    IStateSealer sealer,
    string sealPurpose,
    Func<byte[]> sealedState,
    Action<byte[]> store,
    Func<CancellationToken, Task> write,
    IOscoreEncryptionObserver? observer) : IOscoreSequenceNumberStore, IDisposable
{
    private readonly AnsweredRequestCache _answered = new();
    private readonly HeldEncryptions? _held = observer is null ? null : new HeldEncryptions(observer);
    private OscoreSecurityContext? _context;
    private ulong? _persistedCeiling;

    ulong? IOscoreSequenceNumberStore.PersistedCeiling => _persistedCeiling;

    /// <summary>The context's ID Context (a pre-shared key's pledge identifier, RFC 9031), if it has one.</summary>
    public byte[]? IdContext => Load()?.IdContext;

    /// <summary>A new context (EDHOC's appendix A.1, or RFC 9031 parameters) in place of any earlier one; the owner writes it.</summary>
    public void Establish(OscoreContextParameters parameters)
    {
        Forget();
        var context = OscoreSecurityContext.Derive(parameters, this, SystemRandomSource.Instance, observer: _held);
        var exported = context.Export();
        store(sealer.Seal(exported.ToBytes(), sealPurpose));
        _context = context;
        _persistedCeiling = exported.SenderSequenceCeiling;
    }

    /// <summary>Drops the live context and the remembered answers (the stored one is the owner's to clear).</summary>
    public void Forget()
    {
        _context?.Dispose();
        _context = null;
        _persistedCeiling = null;
        _answered.Clear();
        _held?.Drop();
    }

    /// <summary>A retransmission of a request already answered gets the same protected bytes, not a replay error.</summary>
    public bool TryRepeat(CoapMessage request, out byte[] fingerprint, out byte[] answer)
    {
        fingerprint = request.TryGetOption(CoapOptionNumber.Oscore, out var option)
            ? AnsweredRequestCache.Fingerprint(option.Value.Span, request.Payload.Span)
            : [];
        if (fingerprint.Length > 0 && _answered.TryGet(fingerprint, out var earlier))
        {
            // The token is outside OSCORE's protection (RFC 8613 section 5.4): a repeat may carry another one.
            var repeated = CoapMessageParser.Parse(earlier).Message!;
            repeated.Token = request.Token;
            answer = CoapMessageSerializer.Serialize(repeated);
            return true;
        }
        answer = [];
        return false;
    }

    /// <summary>Section 8.2 on the server; <see cref="OscoreError.SecurityContextNotFound"/> when the owner holds none.</summary>
    public OscoreResult<OscoreVerifiedRequest> Verify(CoapMessage request) =>
        Load() is { } context ? context.UnprotectRequest(request) : OscoreError.SecurityContextNotFound;

    /// <summary>
    /// Protects the response to a verified request and keeps the updated window in the owner's state, which the
    /// owner writes before the answer leaves; the answer is remembered for a repeat of the same request.
    /// </summary>
    public async Task<OscoreResult<OscoreProtection>> ProtectAsync(CoapMessage response, OscoreRequestBinding binding)
    {
        var context = Load() ?? throw new InvalidOperationException("no OSCORE context to protect with");
        _held?.Drop(); // an earlier answer that was protected but never remembered did not leave
        var protectedResponse = await context.ProtectResponseAsync(response, binding);
        if (protectedResponse.IsSuccess)
        {
            store(sealer.Seal(context.Export().ToBytes(), sealPurpose));
        }
        return protectedResponse;
    }

    /// <summary>The answer is written and leaves: kept for a repeat of the same request, its encryption now counts as used.</summary>
    public void Remember(byte[] fingerprint, byte[] answer)
    {
        _held?.Release();
        if (fingerprint.Length > 0)
        {
            _answered.Add(fingerprint, answer);
        }
    }

    // Appendix B.1.1: the ceiling is durable before any number below it is used.
    async ValueTask IOscoreSequenceNumberStore.PersistCeilingAsync(ulong ceiling, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("no context to persist");
        var exported = context.Export() with { SenderSequenceCeiling = ceiling };
        store(sealer.Seal(exported.ToBytes(), sealPurpose));
        await write(cancellationToken);
        _persistedCeiling = ceiling;
    }

    private OscoreSecurityContext? Load()
    {
        if (_context is not null)
        {
            return _context;
        }
        byte[] stored = sealedState();
        if (stored.Length == 0 || sealer.Unseal(stored, sealPurpose) is not { } bytes || !OscoreContextState.TryFromBytes(bytes, out var exported))
        {
            return null;
        }
        // The window is written before every response, so the stored one is never behind an accepted request.
        _persistedCeiling = exported.SenderSequenceCeiling;
        _context = OscoreSecurityContext.Restore(exported, this, SystemRandomSource.Instance, replayWindowTrusted: true, _held);
        return _context;
    }

    public void Dispose() => Forget();
}
