using CsCheck;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Every in-between state survives serialisation, so a grain can park a session and resume it.</summary>
public sealed class EdhocStateSerializationTests
{
    [Fact]
    public void Handshake_resumed_from_bytes_at_every_step_gives_the_same_keys()
    {
        HandshakeGenerators.Setup.Sample(setup =>
        {
            var crypto = Handshake.Crypto;
            var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [setup.Suite.Id], setup.ConnectionIdI), crypto, setup.InitiatorRandom);
            var waiting2 = Resume<InitiatorWaitingForMessage2>(start.State);
            var processing1 = Resume<ResponderProcessingMessage1>(EdhocResponder.ProcessMessage1(start.Message, setup.ResponderOptions, crypto).Value);
            var sent2 = processing1.PrepareMessage2(setup.Responder, setup.ConnectionIdR, setup.ResponderRandom).Value;
            var waiting3 = Resume<ResponderWaitingForMessage3>(sent2.State);
            var processing2 = Resume<InitiatorProcessingMessage2>(waiting2.ProcessMessage2(sent2.Message).Value);
            Assert.Equal(setup.Responder.Credential.IdCred.Encoded, processing2.IdCredR.Encoded);
            Assert.Equal(setup.ConnectionIdR, processing2.ConnectionIdR);
            var processed2 = Resume<InitiatorProcessedMessage2>(processing2.Verify(setup.Responder.Credential).Value);
            var sent3 = processed2.PrepareMessage3(setup.Initiator).Value;
            var waiting4 = Resume<InitiatorWaitingForMessage4>(sent3.State);
            var processing3 = Resume<ResponderProcessingMessage3>(waiting3.ProcessMessage3(sent3.Message).Value);
            var processed3 = Resume<ResponderProcessedMessage3>(processing3.Verify(setup.Initiator.Credential).Value);
            var initiator = Resume<EdhocSession>(waiting4.ProcessMessage4(processed3.PrepareMessage4()).Value.Session);
            var responder = Resume<EdhocSession>(processed3.Session);
            Assert.Equal(initiator.OscoreParameters().MasterSecret, responder.OscoreParameters().MasterSecret);
            Assert.Equal(initiator.OscoreParameters().SenderId, responder.OscoreParameters().RecipientId);
        }, iter: 30, threads: 1);
    }

    [Fact]
    public void Restoring_as_the_wrong_type_or_from_garbage_fails_with_unexpected_state()
    {
        var setup = new HandshakeSetup(EdhocMethod.SignatureSignature, EdhocCipherSuite.Suite0, CredentialKind.X5t, [1], [2], 5);
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [0], [1]), Handshake.Crypto, setup.InitiatorRandom);
        byte[] bytes = start.State.Serialize();
        Assert.Equal(EdhocFailureKind.UnexpectedState, EdhocStateRestorer.Restore<ResponderWaitingForMessage3>(bytes, Handshake.Crypto).Failure?.Kind);
        Assert.Equal(EdhocFailureKind.UnexpectedState, EdhocStateRestorer.Restore(bytes[..^3], Handshake.Crypto).Failure?.Kind);
        Assert.Equal(EdhocFailureKind.UnexpectedState, EdhocStateRestorer.Restore([0x01, 0x02], Handshake.Crypto).Failure?.Kind);
    }

    [Fact]
    public void Random_bytes_never_restore_into_a_state_and_never_throw()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => Assert.False(EdhocStateRestorer.Restore(bytes, Handshake.Crypto).IsSuccess), iter: 5_000);
    }

    [Fact]
    public void States_keys_and_sessions_show_no_secret_in_to_string()
    {
        var setup = new HandshakeSetup(EdhocMethod.StaticDhStaticDh, EdhocCipherSuite.Suite2, CredentialKind.CcsKid, [1], [2], 9);
        var outcome = Handshake.Run(setup);
        var parameters = outcome.Initiator!.OscoreParameters();
        string text = string.Join(" ", outcome.Initiator, outcome.Responder, parameters, setup.Initiator, setup.Responder);
        Assert.DoesNotContain(Convert.ToHexStringLower(parameters.MasterSecret), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexStringLower(outcome.Initiator.PrkOut), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexStringLower(setup.Initiator.PrivateKey), text, StringComparison.OrdinalIgnoreCase);
    }

    private static T Resume<T>(T state)
        where T : EdhocState
    {
        byte[] bytes = state.Serialize();
        var restored = EdhocStateRestorer.Restore<T>(bytes, Handshake.Crypto).Value;
        Assert.Equal(bytes, restored.Serialize());
        return restored;
    }
}
