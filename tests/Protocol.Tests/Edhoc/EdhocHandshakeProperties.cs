using CsCheck;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>Handshakes between freshly keyed parties: completion, agreement, and tamper detection.</summary>
public sealed class EdhocHandshakeProperties
{
    [Theory]
    [MemberData(nameof(HandshakeGenerators.AllCombinations), MemberType = typeof(HandshakeGenerators))]
    public void Every_method_suite_and_credential_completes_with_identical_oscore_parameters(EdhocMethod method, int suite, CredentialKind kind)
    {
        var outcome = Handshake.Run(new HandshakeSetup(method, EdhocCipherSuite.Find(suite)!, kind, [0x2d], [0x18], 42));
        Assert.True(outcome.Completed, outcome.Failure?.ToString());
        AssertAgree(outcome);
    }

    [Fact]
    public void Random_configurations_complete_and_agree()
    {
        HandshakeGenerators.Setup.Sample(setup =>
        {
            var outcome = Handshake.Run(setup);
            Assert.True(outcome.Completed, $"{setup}: {outcome.Failure}");
            AssertAgree(outcome);
            Assert.Equal(setup.ConnectionIdR, outcome.Initiator!.OscoreParameters().SenderId);
            Assert.Equal(setup.ConnectionIdI, outcome.Responder!.OscoreParameters().SenderId);
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Flipping_any_bit_of_any_message_fails_the_handshake_and_consumes_the_state()
    {
        var gen = Gen.Select(HandshakeGenerators.Setup, Gen.Int[1, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, 7]);
        gen.Sample((setup, message, position, bit) =>
        {
            var outcome = Handshake.Run(setup, (n, bytes) =>
            {
                if (n != message)
                {
                    return bytes;
                }
                byte[] copy = [.. bytes];
                copy[position % copy.Length] ^= (byte)(1 << bit);
                return copy;
            });
            Assert.False(outcome.Completed, $"tampered message_{message} was accepted");
            // The receiver of the tampered message (or, for message_1, the Initiator one step later) detects it.
            Assert.InRange(outcome.FailedAtMessage, message, message == 1 ? 2 : message);
            Assert.Contains(outcome.Failure!.Kind, AllowedFailures(message));
            if (outcome.FailedState is { } state)
            {
                AssertUnusable(state);
            }
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void Truncated_or_extended_message_2_and_3_are_rejected()
    {
        var setup = new HandshakeSetup(EdhocMethod.StaticDhStaticDh, EdhocCipherSuite.Suite2, CredentialKind.CcsKid, [0x37], [0x27], 7);
        foreach (int n in new[] { 2, 3, 4 })
        {
            Assert.False(Handshake.Run(setup, (k, m) => k == n ? m[..^1] : m).Completed);
            Assert.False(Handshake.Run(setup, (k, m) => k == n ? [.. m, 0x00] : m).Completed);
        }
    }

    private static IReadOnlyList<EdhocFailureKind> AllowedFailures(int message) => message switch
    {
        1 => [EdhocFailureKind.MalformedMessage, EdhocFailureKind.NonDeterministicEncoding, EdhocFailureKind.UnsupportedMethod,
              EdhocFailureKind.WrongSelectedCipherSuite, EdhocFailureKind.InvalidKeyLength, EdhocFailureKind.InvalidPublicKey,
              EdhocFailureKind.UnknownCriticalEad, EdhocFailureKind.WrongMacLength, EdhocFailureKind.AuthenticationFailed,
              EdhocFailureKind.UnknownCredential, EdhocFailureKind.InvalidSharedSecret,
              // A flipped METHOD can ask the Responder to sign with a static-DH key (or the reverse).
              EdhocFailureKind.UnsuitableCredential],
        2 => [EdhocFailureKind.MalformedMessage, EdhocFailureKind.NonDeterministicEncoding, EdhocFailureKind.InvalidPublicKey,
              EdhocFailureKind.InvalidSharedSecret, EdhocFailureKind.WrongMacLength, EdhocFailureKind.UnknownCriticalEad,
              EdhocFailureKind.AuthenticationFailed, EdhocFailureKind.UnknownCredential, EdhocFailureKind.PeerError],
        _ => [EdhocFailureKind.MalformedMessage, EdhocFailureKind.NonDeterministicEncoding, EdhocFailureKind.DecryptionFailed, EdhocFailureKind.PeerError],
    };

    private static void AssertAgree(HandshakeOutcome outcome)
    {
        var initiator = outcome.Initiator!.OscoreParameters();
        var responder = outcome.Responder!.OscoreParameters();
        Assert.Equal(initiator.MasterSecret, responder.MasterSecret);
        Assert.Equal(initiator.MasterSalt, responder.MasterSalt);
        Assert.Equal(initiator.SenderId, responder.RecipientId);
        Assert.Equal(initiator.RecipientId, responder.SenderId);
        Assert.Equal(16, initiator.MasterSecret.Length);
        Assert.Equal(8, initiator.MasterSalt.Length);
        Assert.Equal(outcome.Initiator.PrkOut, outcome.Responder.PrkOut);
        Assert.Equal(outcome.Initiator.Export(42, [1, 2], 20), outcome.Responder.Export(42, [1, 2], 20));
        Assert.Equal(outcome.Initiator.KeyUpdate([9]).OscoreParameters().MasterSecret, outcome.Responder.KeyUpdate([9]).OscoreParameters().MasterSecret);
        Assert.NotEqual(initiator.MasterSecret, outcome.Initiator.KeyUpdate([9]).OscoreParameters().MasterSecret);
    }

    /// <summary>A state whose step failed refuses every further step.</summary>
    internal static void AssertUnusable(EdhocState state)
    {
        var again = state switch
        {
            InitiatorWaitingForMessage2 s => s.ProcessMessage2([0x40]).Failure,
            InitiatorProcessingMessage2 s => s.Verify(new EdhocCredentialStore()).Failure,
            ResponderWaitingForMessage3 s => s.ProcessMessage3([0x40]).Failure,
            ResponderProcessingMessage3 s => s.Verify(new EdhocCredentialStore()).Failure,
            InitiatorWaitingForMessage4 s => s.ProcessMessage4([0x40]).Failure,
            _ => throw new InvalidOperationException($"no step to retry on {state}"),
        };
        Assert.Equal(EdhocFailureKind.UnexpectedState, again?.Kind);
    }
}
