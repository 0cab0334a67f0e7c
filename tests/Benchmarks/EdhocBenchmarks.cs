using BenchmarkDotNet.Attributes;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Benchmarks;

/// <summary>
/// Complete EDHOC handshakes (message_1 to message_4, both sides in one operation) per cipher suite and
/// METHOD, with CCS credentials identified by kid. Handshakes per second = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class EdhocBenchmarks
{
    private EdhocParties _parties = null!;

    [Params(0, 2)]
    public int Suite { get; set; }

    [Params(0, 1, 2, 3)]
    public int Method { get; set; }

    [GlobalSetup]
    public void Setup() => _parties = new EdhocParties(EdhocCipherSuite.Find(Suite)!, (EdhocMethod)Method, SystemRandomSource.Instance);

    [Benchmark]
    public byte[] FullHandshake()
    {
        var (start, sent2) = _parties.FirstHalf();
        var sent3 = _parties.InitiatorMessage3(start.State, sent2.Message);
        var processed3 = _parties.ResponderMessage3(sent2.State, sent3.Message);
        return sent3.State.ProcessMessage4(processed3.PrepareMessage4()).Value.Session.OscoreParameters().MasterSecret;
    }
}

/// <summary>
/// Each side's share of a handshake, replaying the other side's recorded messages. The Responder's
/// share needs its message_2 to come out identical each time, so it is measured only where the
/// Responder does not sign with ES256 (randomised); the Initiator completes without message_4.
/// </summary>
[MemoryDiagnoser]
public class EdhocSideBenchmarks
{
    private EdhocParties _parties = null!;
    private byte[] _message1 = [];
    private byte[] _message2 = [];
    private byte[] _message3 = [];

    [Params("suite0-method0", "suite0-method3", "suite2-method1", "suite2-method3")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        int suite = Case[5] - '0';
        int method = Case[^1] - '0';
        _parties = new EdhocParties(EdhocCipherSuite.Find(suite)!, (EdhocMethod)method, new FixedRandomSource());
        var (start, sent2) = _parties.FirstHalf();
        _message1 = start.Message;
        _message2 = sent2.Message;
        _message3 = _parties.InitiatorMessage3(start.State, sent2.Message).Message;
    }

    [Benchmark]
    public byte[] InitiatorShare()
    {
        var start = _parties.Start();
        var sent3 = _parties.InitiatorMessage3(start.State, _message2);
        return sent3.State.CompleteWithoutMessage4().Value.OscoreParameters().MasterSecret;
    }

    [Benchmark]
    public byte[] ResponderShare()
    {
        var sent2 = _parties.ResponderMessage2(_message1);
        return _parties.ResponderMessage3(sent2.State, _message3).PrepareMessage4();
    }

    /// <summary>The same ephemeral key every time, so replayed messages stay valid.</summary>
    private sealed class FixedRandomSource : IRandomSource
    {
        public void Fill(Span<byte> destination) => destination.Fill(0x5a);
    }
}

/// <summary>Two parties with CCS credentials, and the steps of a handshake between them.</summary>
internal sealed class EdhocParties
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;
    private readonly EdhocCipherSuite _suite;
    private readonly EdhocMethod _method;
    private readonly IRandomSource _random;
    private readonly EdhocIdentity _initiator;
    private readonly EdhocIdentity _responder;
    private readonly EdhocResponderOptions _options;

    public EdhocParties(EdhocCipherSuite suite, EdhocMethod method, IRandomSource random)
    {
        _suite = suite;
        _method = method;
        _random = random;
        _initiator = Identity(method.InitiatorSigns(), [0x0a]);
        _responder = Identity(method.ResponderSigns(), [0x0b]);
        _options = new EdhocResponderOptions([suite.Id]);
    }

    public EdhocOutgoing<InitiatorWaitingForMessage2> Start() =>
        EdhocInitiator.Start(new EdhocInitiatorOptions(_method, [_suite.Id], [0x37]), Crypto, _random);

    public EdhocOutgoing<ResponderWaitingForMessage3> ResponderMessage2(byte[] message1) =>
        EdhocResponder.ProcessMessage1(message1, _options, Crypto).Value.PrepareMessage2(_responder, [0x27], _random).Value;

    public (EdhocOutgoing<InitiatorWaitingForMessage2> Start, EdhocOutgoing<ResponderWaitingForMessage3> Sent2) FirstHalf()
    {
        var start = Start();
        return (start, ResponderMessage2(start.Message));
    }

    public EdhocOutgoing<InitiatorWaitingForMessage4> InitiatorMessage3(InitiatorWaitingForMessage2 state, byte[] message2) =>
        state.ProcessMessage2(message2).Value.Verify(_responder.Credential).Value.PrepareMessage3(_initiator).Value;

    public ResponderProcessedMessage3 ResponderMessage3(ResponderWaitingForMessage3 state, byte[] message3) =>
        state.ProcessMessage3(message3).Value.Verify(_initiator.Credential).Value;

    private EdhocIdentity Identity(bool signs, byte[] kid)
    {
        var keys = signs ? Crypto.GenerateSigningKeyPair(_suite.SignatureAlgorithm, SystemRandomSource.Instance) : Crypto.GenerateKeyPair(_suite.Curve, SystemRandomSource.Instance);
        var type = _suite.Id == 2 ? EdhocKeyType.P256 : signs ? EdhocKeyType.Ed25519 : EdhocKeyType.X25519;
        return new EdhocIdentity(EdhocCredential.FromRawPublicKey(new EdhocPublicKey(type, keys.PublicKey, keys.PublicKeyY), kid, "bench"), keys.PrivateKey);
    }
}
