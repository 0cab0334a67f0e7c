using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 9529 sections 2 and 3, byte for byte, through both state machines.</summary>
public sealed class Rfc9529TraceTests
{
    private static readonly ICipherSuiteCrypto Crypto = DefaultCipherSuiteCrypto.Instance;

    [Fact]
    public void Section2_message_1_is_byte_exact()
    {
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(EdhocMethod.SignatureSignature, [0], [0x2d]), Crypto, new FixedRandomSource(Rfc9529Vectors.Hex(2, "x")));
        Assert.Equal(Rfc9529Vectors.Hex(2, "message_1"), start.Message);
    }

    [Theory]
    [InlineData(2, "message_2")]
    [InlineData(2, "message_3")]
    [InlineData(2, "message_4")]
    [InlineData(2, "prk_out")]
    [InlineData(2, "oscore_master_secret")]
    [InlineData(2, "oscore_master_salt")]
    [InlineData(2, "key_update_oscore_master_secret")]
    [InlineData(3, "message_2")]
    [InlineData(3, "g_rx")]
    [InlineData(3, "prk_3e2m")]
    [InlineData(3, "g_iy")]
    [InlineData(3, "prk_4e3m")]
    [InlineData(3, "message_3")]
    [InlineData(3, "message_4")]
    [InlineData(3, "prk_exporter")]
    [InlineData(3, "oscore_master_secret")]
    [InlineData(3, "oscore_master_salt")]
    [InlineData(3, "key_update_prk_out")]
    [InlineData(3, "key_update_oscore_master_salt")]
    public void Both_sides_compute_the_rfc_value(int section, string name)
    {
        var (initiator, responder) = RunTrace(section);
        byte[] expected = Rfc9529Vectors.Hex(section, name);
        Assert.True(initiator.ContainsKey(name) || responder.ContainsKey(name), $"{name} not computed");
        if (initiator.TryGetValue(name, out byte[]? fromInitiator))
        {
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(fromInitiator));
        }
        if (responder.TryGetValue(name, out byte[]? fromResponder))
        {
            Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(fromResponder));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_printed_intermediate_value_matches(int section)
    {
        var (initiator, responder) = RunTrace(section);
        var differences = new List<string>();
        int compared = 0;
        foreach (var field in Rfc9529Vectors.Values(section).EnumerateObject())
        {
            foreach (var side in new[] { initiator, responder })
            {
                if (side.TryGetValue(field.Name, out byte[]? actual))
                {
                    compared++;
                    if (!string.Equals(field.Value.GetString(), Convert.ToHexStringLower(actual), StringComparison.Ordinal))
                    {
                        differences.Add(field.Name);
                    }
                }
            }
        }
        Assert.Empty(differences);
        Assert.True(compared > 80, $"only {compared} values compared");
    }

    [Fact]
    public void Section3_first_attempt_with_suite_6_is_answered_with_error_2_listing_suite_2()
    {
        var attempt = Rfc9529Vectors.Trace(3).GetProperty("first_attempt").GetProperty("values");
        byte[] message1 = Convert.FromHexString(attempt.GetProperty("message_1").GetString()!);
        var result = EdhocResponder.ProcessMessage1(message1, new EdhocResponderOptions([2]), Crypto);
        Assert.Equal(EdhocFailureKind.WrongSelectedCipherSuite, result.Failure?.Kind);
        Assert.Equal(Convert.FromHexString("0202"), result.Failure!.ToErrorMessage().Encode());
        Assert.Equal([6, 2], EdhocInitiator.NegotiateSuites([6, 2], result.Failure.SuitesR));
    }

    [Fact]
    public void Section3_connection_identifiers_become_each_others_oscore_sender_ids()
    {
        var (initiator, responder) = RunSessions(3);
        Assert.Equal([0x27], initiator.OscoreParameters().SenderId);
        Assert.Equal([0x37], responder.OscoreParameters().SenderId);
        Assert.Equal(10, initiator.OscoreParameters().AeadAlgorithm);
        Assert.Equal(-10, initiator.OscoreParameters().HkdfAlgorithm);
    }

    internal static (Dictionary<string, byte[]> Initiator, Dictionary<string, byte[]> Responder) RunTrace(int section)
    {
        var initiatorTrace = new RecordingObserver();
        var responderTrace = new RecordingObserver();
        var (initiator, responder) = RunSessions(section, initiatorTrace, responderTrace);
        initiator.OscoreParameters();
        responder.OscoreParameters();
        byte[] context = Rfc9529Vectors.Hex(section, "key_update_context");
        initiator.KeyUpdate(context).OscoreParameters();
        responder.KeyUpdate(context).OscoreParameters();
        return (initiatorTrace.Values, responderTrace.Values);
    }

    private static (EdhocSession Initiator, EdhocSession Responder) RunSessions(int section, IEdhocTraceObserver? initiatorTrace = null, IEdhocTraceObserver? responderTrace = null)
    {
        var (credentialI, credentialR) = Credentials(section);
        var method = section == 2 ? EdhocMethod.SignatureSignature : EdhocMethod.StaticDhStaticDh;
        int[] suites = section == 2 ? [0] : [6, 2];
        var start = EdhocInitiator.Start(new EdhocInitiatorOptions(method, suites, Rfc9529Vectors.Hex(section, "c_i")), Crypto, new FixedRandomSource(Rfc9529Vectors.Hex(section, "x")), initiatorTrace);
        var processing1 = EdhocResponder.ProcessMessage1(start.Message, new EdhocResponderOptions([suites[^1]]), Crypto, responderTrace).Value;
        var sent2 = processing1.PrepareMessage2(new EdhocIdentity(credentialR, Rfc9529Vectors.Hex(section, "sk_r")), Rfc9529Vectors.Hex(section, "c_r"), new FixedRandomSource(Rfc9529Vectors.Hex(section, "y"))).Value;
        var processed2 = start.State.ProcessMessage2(sent2.Message).Value.Verify(credentialR).Value;
        var sent3 = processed2.PrepareMessage3(new EdhocIdentity(credentialI, Rfc9529Vectors.Hex(section, "sk_i"))).Value;
        var processed3 = sent2.State.ProcessMessage3(sent3.Message).Value.Verify(credentialI).Value;
        var completion = sent3.State.ProcessMessage4(processed3.PrepareMessage4()).Value;
        return (completion.Session, processed3.Session);
    }

    internal static (EdhocCredential I, EdhocCredential R) Credentials(int section) => section == 2
        ? (EdhocCredential.FromX509(Rfc9529Vectors.Hex(2, "cred_i_x509_der"), EdhocX509Reference.X5t).Value,
           EdhocCredential.FromX509(Rfc9529Vectors.Hex(2, "cred_r_x509_der"), EdhocX509Reference.X5t).Value)
        : (EdhocCredential.FromCcs(Rfc9529Vectors.Hex(3, "cred_i"), [0x2b]).Value,
           EdhocCredential.FromCcs(Rfc9529Vectors.Hex(3, "cred_r"), [0x32]).Value);
}
