using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>One configuration of a handshake between two freshly minted parties.</summary>
internal sealed record HandshakeSetup(EdhocMethod Method, EdhocCipherSuite Suite, CredentialKind Kind, byte[] ConnectionIdI, byte[] ConnectionIdR, int Seed)
{
    public IReadOnlyList<EadItem> Ead1 { get; init; } = [];
    public IReadOnlyList<EadItem> Ead2 { get; init; } = [];
    public IReadOnlyList<EadItem> Ead3 { get; init; } = [];
    public IReadOnlyList<EadItem> Ead4 { get; init; } = [];
    public IReadOnlySet<int> Understood { get; init; } = new HashSet<int>();

    public EdhocIdentity Initiator { get; } = TestParties.Create(Suite, Method.InitiatorSigns(), Kind, [0x0a], new SeededRandomSource(Seed));

    public EdhocIdentity Responder { get; } = TestParties.Create(Suite, Method.ResponderSigns(), Kind, [0x0b, 0x0c], new SeededRandomSource(Seed + 1));

    public IRandomSource InitiatorRandom { get; } = new SeededRandomSource(Seed + 2);

    public IRandomSource ResponderRandom { get; } = new SeededRandomSource(Seed + 3);

    public EdhocResponderOptions ResponderOptions => new([Suite.Id]) { UnderstoodEadLabels = Understood };
}

/// <summary>Both sides of a complete handshake, in memory, with a hook to tamper with each message.</summary>
internal static class Handshake
{
    public static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    /// <summary>Runs all four messages; <paramref name="tamper"/> may change message n (1-4) in transit.</summary>
    public static HandshakeOutcome Run(HandshakeSetup setup, Func<int, byte[], byte[]>? tamper = null)
    {
        tamper ??= (_, m) => m;
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [setup.Suite.Id], setup.ConnectionIdI) { Ead1 = setup.Ead1 }, Crypto, setup.InitiatorRandom);
        var m1 = EdhocResponder.ProcessMessage1(tamper(1, start.Message), setup.ResponderOptions, Crypto);
        if (!m1.TryGetValue(out var processing1))
        {
            return HandshakeOutcome.Failed(1, m1.Failure!);
        }
        // A Responder chooses C_R after reading C_I and never equal to it; a tampered C_I may hit the planned one.
        byte[] connectionIdR = !processing1.ConnectionIdI.AsSpan().SequenceEqual(setup.ConnectionIdR) ? setup.ConnectionIdR
            : setup.ConnectionIdR.Length == 0 ? [0x01] : [.. setup.ConnectionIdR[..^1], (byte)(setup.ConnectionIdR[^1] ^ 0x01)];
        var sent2 = processing1.PrepareMessage2(setup.Responder, connectionIdR, setup.ResponderRandom, setup.Ead2);
        if (!sent2.TryGetValue(out var waiting3))
        {
            return HandshakeOutcome.Failed(2, sent2.Failure!);
        }
        var m2 = start.State.ProcessMessage2(tamper(2, waiting3.Message), setup.Understood);
        if (!m2.TryGetValue(out var processing2))
        {
            return HandshakeOutcome.Failed(2, m2.Failure!, start.State);
        }
        var verified2 = processing2.Verify(new EdhocCredentialStore().Add(setup.Responder.Credential));
        if (!verified2.TryGetValue(out var processed2))
        {
            return HandshakeOutcome.Failed(2, verified2.Failure!, processing2);
        }
        var sent3 = processed2.PrepareMessage3(setup.Initiator, setup.Ead3).Value;
        var m3 = waiting3.State.ProcessMessage3(tamper(3, sent3.Message), setup.Understood);
        if (!m3.TryGetValue(out var processing3))
        {
            return HandshakeOutcome.Failed(3, m3.Failure!, waiting3.State);
        }
        var verified3 = processing3.Verify(new EdhocCredentialStore().Add(setup.Initiator.Credential));
        if (!verified3.TryGetValue(out var processed3))
        {
            return HandshakeOutcome.Failed(3, verified3.Failure!, processing3);
        }
        var m4 = sent3.State.ProcessMessage4(tamper(4, processed3.PrepareMessage4(setup.Ead4)), setup.Understood);
        if (!m4.TryGetValue(out var completion))
        {
            return HandshakeOutcome.Failed(4, m4.Failure!, sent3.State);
        }
        return new HandshakeOutcome(completion.Session, processed3.Session, processing1.Ead1, processing2.Ead2, processing3.Ead3, completion.Ead, 0, null, null, waiting3.State);
    }
}

/// <summary>The sessions of a completed handshake, or the step that failed and the state it consumed.</summary>
internal sealed record HandshakeOutcome(
    EdhocSession? Initiator, EdhocSession? Responder,
    IReadOnlyList<EadItem> Ead1, IReadOnlyList<EadItem> Ead2, IReadOnlyList<EadItem> Ead3, IReadOnlyList<EadItem> Ead4,
    int FailedAtMessage, EdhocFailure? Failure, EdhocState? FailedState, ResponderWaitingForMessage3? ResponderAfterMessage2)
{
    public bool Completed => Failure is null;

    public static HandshakeOutcome Failed(int message, EdhocFailure failure, EdhocState? state = null) =>
        new(null, null, [], [], [], [], message, failure, state, null);
}
