using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Transitions happen once, in order, and only for what the policy accepts.</summary>
public sealed class EdhocStateMachineTests
{
    private static HandshakeSetup Setup(EdhocMethod method = EdhocMethod.SignatureSignature, CredentialKind kind = CredentialKind.X5t) =>
        new(method, EdhocCipherSuite.Suite0, kind, [0x2d], [0x18], 11);

    /// <summary>message_1 sent and answered: the Initiator waiting for message_2, and the Responder's message_2.</summary>
    private static (EdhocOutgoing<InitiatorWaitingForMessage2> Start, EdhocOutgoing<ResponderWaitingForMessage3> Sent2) UpToMessage2(HandshakeSetup setup)
    {
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [setup.Suite.Id], setup.ConnectionIdI), Handshake.Crypto, setup.InitiatorRandom);
        var sent2 = EdhocResponder.ProcessMessage1(start.Message, setup.ResponderOptions, Handshake.Crypto).Value
            .PrepareMessage2(setup.Responder, setup.ConnectionIdR, setup.ResponderRandom).Value;
        return (start, sent2);
    }

    [Fact]
    public void Replayed_message_3_after_completion_is_rejected()
    {
        var setup = Setup();
        var (start, sent2) = UpToMessage2(setup);
        var sent3 = start.State.ProcessMessage2(sent2.Message).Value.Verify(setup.Responder.Credential).Value.PrepareMessage3(setup.Initiator).Value;
        Assert.True(sent2.State.ProcessMessage3(sent3.Message).Value.Verify(setup.Initiator.Credential).IsSuccess);
        var replay = sent2.State.ProcessMessage3(sent3.Message);
        Assert.Equal(EdhocFailureKind.UnexpectedState, replay.Failure?.Kind);
    }

    [Fact]
    public void Message_2_cannot_be_processed_twice()
    {
        var setup = Setup();
        var (start, sent2) = UpToMessage2(setup);
        Assert.True(start.State.ProcessMessage2(sent2.Message).IsSuccess);
        Assert.Equal(EdhocFailureKind.UnexpectedState, start.State.ProcessMessage2(sent2.Message).Failure?.Kind);
    }

    [Fact]
    public void Method_not_accepted_by_the_responder_is_refused()
    {
        var setup = Setup(EdhocMethod.StaticDhStaticDh);
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [0], setup.ConnectionIdI), Handshake.Crypto, setup.InitiatorRandom);
        var options = new EdhocResponderOptions([0]) { AcceptedMethods = new HashSet<EdhocMethod> { EdhocMethod.SignatureSignature } };
        Assert.Equal(EdhocFailureKind.UnsupportedMethod, EdhocResponder.ProcessMessage1(start.Message, options, Handshake.Crypto).Failure?.Kind);
        byte[] undefined = [.. start.Message];
        undefined[0] = 0x04;
        Assert.Equal(EdhocFailureKind.UnsupportedMethod, EdhocResponder.ProcessMessage1(undefined, new EdhocResponderOptions([0]), Handshake.Crypto).Failure?.Kind);
    }

    [Fact]
    public void Method_mismatch_between_the_parties_fails_authentication()
    {
        // The Responder believes METHOD 0 while the Initiator runs METHOD 3: MAC lengths and keys differ.
        var setup = Setup(EdhocMethod.StaticDhStaticDh, CredentialKind.CcsKid);
        var outcome = Handshake.Run(setup, (n, m) => n == 1 ? [0x00, .. m[1..]] : m);
        Assert.False(outcome.Completed);
    }

    [Fact]
    public void Responder_refuses_a_selected_suite_when_it_supports_one_the_initiator_prefers()
    {
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.SignatureSignature, [0, 2], [1]), Handshake.Crypto, new SeededRandomSource(3));
        var result = EdhocResponder.ProcessMessage1(start.Message, new EdhocResponderOptions([0, 2]), Handshake.Crypto);
        Assert.Equal(EdhocFailureKind.WrongSelectedCipherSuite, result.Failure?.Kind);
        Assert.Equal([0, 2], result.Failure!.SuitesR);
        Assert.Equal(Convert.FromHexString("0282" + "0002"), result.Failure.ToErrorMessage().Encode());
    }

    [Fact]
    public void Credential_of_the_wrong_kind_is_refused()
    {
        var setup = Setup();
        var staticDh = TestParties.Create(EdhocCipherSuite.Suite0, signs: false, CredentialKind.CcsKid, [7], new SeededRandomSource(4));
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [0], setup.ConnectionIdI), Handshake.Crypto, setup.InitiatorRandom);
        var processing = EdhocResponder.ProcessMessage1(start.Message, setup.ResponderOptions, Handshake.Crypto).Value;
        Assert.Equal(EdhocFailureKind.UnsuitableCredential, processing.PrepareMessage2(staticDh, setup.ConnectionIdR, setup.ResponderRandom).Failure?.Kind);
    }

    [Fact]
    public void Unknown_credential_fails_with_error_code_3()
    {
        var setup = Setup();
        var (start, sent2) = UpToMessage2(setup);
        var failure = start.State.ProcessMessage2(sent2.Message).Value.Verify(new EdhocCredentialStore()).Failure;
        Assert.Equal(EdhocFailureKind.UnknownCredential, failure?.Kind);
        Assert.Equal(Convert.FromHexString("03f5"), failure!.ToErrorMessage().Encode());
    }

    [Fact]
    public void X5chain_credential_is_taken_from_id_cred_and_verifies()
    {
        var setup = Setup(kind: CredentialKind.X5Chain);
        var (start, sent2) = UpToMessage2(setup);
        var processing = start.State.ProcessMessage2(sent2.Message).Value;
        Assert.NotNull(processing.IdCredR.X5ChainFirstCertificate);
        var credential = EdhocCredential.FromX5Chain(processing.IdCredR).Value;
        Assert.Equal(setup.Responder.Credential.Value, credential.Value);
        Assert.True(processing.Verify(credential).IsSuccess);
    }

    [Fact]
    public void Error_message_in_place_of_message_2_is_reported_as_peer_error()
    {
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.StaticDhStaticDh, [6, 2], [0x0e]), Handshake.Crypto, new SeededRandomSource(8));
        var failure = start.State.ProcessMessage2(Convert.FromHexString("0202")).Failure;
        Assert.Equal(EdhocFailureKind.PeerError, failure?.Kind);
        Assert.Equal(EdhocErrorCode.WrongSelectedCipherSuite, failure!.PeerError?.Code);
        Assert.Equal([2], failure.SuitesR);
    }

    [Fact]
    public void Initiator_may_complete_without_message_4()
    {
        var setup = Setup();
        var (start, sent2) = UpToMessage2(setup);
        var sent3 = start.State.ProcessMessage2(sent2.Message).Value.Verify(setup.Responder.Credential).Value.PrepareMessage3(setup.Initiator).Value;
        var responder = sent2.State.ProcessMessage3(sent3.Message).Value.Verify(setup.Initiator.Credential).Value.Session;
        var initiator = sent3.State.CompleteWithoutMessage4().Value;
        Assert.Equal(responder.OscoreParameters().MasterSecret, initiator.OscoreParameters().MasterSecret);
        Assert.Equal(EdhocFailureKind.UnexpectedState, sent3.State.ProcessMessage4([0x48, 1, 2, 3, 4, 5, 6, 7, 8]).Failure?.Kind);
    }

    [Fact]
    public void X5chain_of_several_certificates_travels_whole_and_authenticates_with_the_end_entity()
    {
        var setup = Setup(kind: CredentialKind.X5Chain);
        byte[] endEntity = EdhocIdCred.Decode(setup.Responder.Credential.IdCred.Encoded).Value.X5ChainFirstCertificate!;
        byte[] intermediate = EdhocIdCred.Decode(setup.Initiator.Credential.IdCred.Encoded).Value.X5ChainFirstCertificate!;
        var chained = EdhocCredential.FromX509Chain([endEntity, intermediate]).Value;
        var responder = new EdhocIdentity(chained, setup.Responder.PrivateKey);
        Assert.Equal(setup.Responder.Credential.Value, chained.Value);
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(setup.Method, [0], setup.ConnectionIdI), Handshake.Crypto, setup.InitiatorRandom);
        var sent2 = EdhocResponder.ProcessMessage1(start.Message, setup.ResponderOptions, Handshake.Crypto).Value
            .PrepareMessage2(responder, setup.ConnectionIdR, setup.ResponderRandom).Value;
        var processing = start.State.ProcessMessage2(sent2.Message).Value;
        Assert.Equal(2, processing.IdCredR.X5Chain!.Count);
        Assert.True(processing.Verify(EdhocCredential.FromX5Chain(processing.IdCredR).Value).IsSuccess);
    }
}
