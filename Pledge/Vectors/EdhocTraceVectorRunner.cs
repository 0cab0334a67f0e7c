using System.Text.Json;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;
using Org.BouncyCastle.Crypto.Parameters;

namespace Eals.Pledge.Vectors;

/// <summary>
/// <c>edhoc-trace-kat/1</c> (RFC 9529 traces): drives the real Initiator and Responder with the
/// vector's ephemeral keys, credentials, connection identifiers and EAD, and compares every value the
/// vector lists, in file order, with what each side reported to its trace observer. A trace with
/// <c>first_attempt</c> also yields a vector for the rejected message_1 and its error message.
/// </summary>
public sealed class EdhocTraceVectorRunner : IVectorFileRunner
{
    // Inputs of the handshake: checked for consistency below rather than recomputed.
    private static readonly HashSet<string> Inputs = new(StringComparer.Ordinal)
    {
        "x", "y", "sk_r", "sk_i", "pk_r", "pk_i", "pk_r_x", "pk_r_y", "pk_i_x", "pk_i_y", "c_i", "c_r",
        "cred_r_x509_der", "cred_i_x509_der", "root_ca_public_key_ed25519", "key_update_context",
    };

    public string Format => "edhoc-trace-kat/1";

    public IEnumerable<VectorResult> Run(JsonElement root)
    {
        foreach (var trace in root.GetProperty("traces").EnumerateArray())
        {
            string id = trace.GetProperty("id").GetString() ?? "?";
            if (trace.TryGetProperty("first_attempt", out var firstAttempt))
            {
                yield return Guarded($"{id}/first_attempt", firstAttempt.GetProperty("values"), check => RunFirstAttempt(trace, firstAttempt, check));
            }
            yield return Guarded(id, trace.GetProperty("values"), check => RunTrace(trace, check));
        }
    }

    private static VectorResult Guarded(string id, JsonElement values, Action<VectorCheck> run)
    {
        var check = new VectorCheck(values);
        try
        {
            run(check);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            check.Fail($"{e.GetType().Name}: {e.Message}");
        }
        return VectorResult.From(id, check);
    }

    /// <summary>RFC 9529 sections 3.1 and 3.2: message_1 with a suite the Responder lacks, answered by ERR_CODE 2.</summary>
    private static void RunFirstAttempt(JsonElement trace, JsonElement attempt, VectorCheck check)
    {
        var values = attempt.GetProperty("values");
        var suites = attempt.GetProperty("suites_i").EnumerateArray().Select(e => e.GetInt32()).ToList();
        // The printed G_X does not belong to the suite's curve (see the file's note): use it as given bytes.
        var message1 = new EdhocMessage1(attempt.GetProperty("method").GetInt32(), suites, Hex(values, "g_x"), Hex(values, "c_i"), Ead(values, "ead_1"));
        byte[] encoded = message1.Encode();
        check.Bytes("message_1", encoded);
        int selected = trace.GetProperty("selected_cipher_suite").GetInt32();
        var result = EdhocResponder.ProcessMessage1(encoded, new EdhocResponderOptions([selected]), DefaultCipherSuiteCrypto.Instance);
        if (result.IsSuccess)
        {
            check.Fail("the Responder accepted message_1 with an unsupported suite");
            return;
        }
        check.That(result.Failure.Kind == EdhocFailureKind.WrongSelectedCipherSuite, $"expected WrongSelectedCipherSuite, got {result.Failure}");
        byte[] error = result.Failure.ToErrorMessage().Encode();
        check.Bytes("error_message", error);
        var parsed = EdhocErrorMessage.Decode(error).Value;
        var retry = EdhocInitiator.NegotiateSuites(Ints(trace, "suites_i"), parsed.SuitesR);
        check.That(retry is not null && retry.SequenceEqual(Ints(trace, "suites_i")), "suite negotiation does not give the trace's SUITES_I");
    }

    private static void RunTrace(JsonElement trace, VectorCheck check)
    {
        var values = trace.GetProperty("values");
        var crypto = new EdhocVectorCrypto([.. new[] { "signature_or_mac_2", "signature_or_mac_3" }.Where(n => values.TryGetProperty(n, out _)).Select(n => Hex(values, n))]);
        var method = (EdhocMethod)trace.GetProperty("method").GetInt32();
        int selected = trace.GetProperty("selected_cipher_suite").GetInt32();
        string credentialType = trace.GetProperty("credential_type").GetString() ?? "";
        var credentialR = Credential(values, "r", credentialType, check);
        var credentialI = Credential(values, "i", credentialType, check);
        if (check.Failed)
        {
            return;
        }
        var understood = new HashSet<int>(new[] { "ead_1", "ead_2", "ead_3", "ead_4" }.SelectMany(n => Ead(values, n)).Select(e => e.Label));
        var initiatorTrace = new EdhocRecordingObserver();
        var responderTrace = new EdhocRecordingObserver();

        var start = EdhocInitiator.Start(
            new EdhocInitiatorOptions(method, Ints(trace, "suites_i"), Hex(values, "c_i")) { Ead1 = Ead(values, "ead_1") },
            crypto, new EdhocReplayRandomSource(Hex(values, "x")), initiatorTrace);
        var responderOptions = new EdhocResponderOptions([selected]) { UnderstoodEadLabels = understood };
        var processing1 = Expect(EdhocResponder.ProcessMessage1(start.Message, responderOptions, crypto, responderTrace), "message_1");
        var sent2 = Expect(processing1.PrepareMessage2(
            new EdhocIdentity(credentialR, Hex(values, "sk_r")), Hex(values, "c_r"), new EdhocReplayRandomSource(Hex(values, "y")), Ead(values, "ead_2")), "message_2 (prepare)");
        var processing2 = Expect(start.State.ProcessMessage2(sent2.Message, understood), "message_2");
        check.That(processing2.IdCredR.Encoded.AsSpan().SequenceEqual(credentialR.IdCred.Encoded), "ID_CRED_R received differs from the Responder's");
        var processed2 = Expect(processing2.Verify(credentialR), "message_2 (verify)");
        var sent3 = Expect(processed2.PrepareMessage3(new EdhocIdentity(credentialI, Hex(values, "sk_i")), Ead(values, "ead_3")), "message_3 (prepare)");
        var processing3 = Expect(sent2.State.ProcessMessage3(sent3.Message, understood), "message_3");
        var processed3 = Expect(processing3.Verify(credentialI), "message_3 (verify)");
        byte[] message4 = processed3.PrepareMessage4(Ead(values, "ead_4"));
        var completion = Expect(sent3.State.ProcessMessage4(message4, understood), "message_4");

        var computed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var initiatorSession = completion.Session;
        var responderSession = processed3.Session;
        var initiatorOscore = initiatorSession.OscoreParameters();
        var responderOscore = responderSession.OscoreParameters();
        check.That(initiatorOscore.MasterSecret.AsSpan().SequenceEqual(responderOscore.MasterSecret), "the two sides' OSCORE master secrets differ");
        check.That(initiatorOscore.RecipientId.AsSpan().SequenceEqual(responderOscore.SenderId), "Initiator's Recipient ID is not the Responder's Sender ID");
        computed["oscore_initiator_sender_id"] = initiatorOscore.SenderId;
        computed["oscore_responder_sender_id"] = responderOscore.SenderId;
        if (values.TryGetProperty("key_update_context", out _))
        {
            byte[] context = Hex(values, "key_update_context");
            var updatedI = initiatorSession.KeyUpdate(context).OscoreParameters();
            var updatedR = responderSession.KeyUpdate(context).OscoreParameters();
            check.That(updatedI.MasterSalt.AsSpan().SequenceEqual(updatedR.MasterSalt), "the two sides' updated OSCORE master salts differ");
        }

        foreach (var field in values.EnumerateObject())
        {
            if (Inputs.Contains(field.Name))
            {
                continue;
            }
            bool found = false;
            foreach (var source in new[] { computed, initiatorTrace.Values, responderTrace.Values })
            {
                if (source.TryGetValue(field.Name, out byte[]? actual))
                {
                    found = true;
                    check.Bytes(field.Name, actual);
                }
            }
            if (!found)
            {
                check.Fail($"{field.Name}: not computed by either side");
            }
        }
    }

    /// <summary>Builds CRED_x from the vector and checks its key against the listed public key and root.</summary>
    private static EdhocCredential Credential(JsonElement values, string party, string credentialType, VectorCheck check)
    {
        byte[] idCredMap = Hex(values, $"id_cred_{party}");
        EdhocCredential credential;
        if (credentialType.StartsWith("x509", StringComparison.Ordinal))
        {
            byte[] der = Hex(values, $"cred_{party}_x509_der");
            var reference = credentialType == "x509_x5chain" ? EdhocX509Reference.X5Chain : EdhocX509Reference.X5t;
            credential = Expect(EdhocCredential.FromX509(der, reference), $"cred_{party}");
            if (values.TryGetProperty("root_ca_public_key_ed25519", out _))
            {
                VerifyIssuedBy(der, Hex(values, "root_ca_public_key_ed25519"), party, check);
            }
        }
        else
        {
            byte[]? kid = EdhocIdCred.Decode(idCredMap).Value.Kid;
            credential = Expect(EdhocCredential.FromCcs(Hex(values, $"cred_{party}"), kid), $"cred_{party}");
        }
        byte[] expectedX = values.TryGetProperty($"pk_{party}", out _) ? Hex(values, $"pk_{party}") : Hex(values, $"pk_{party}_x");
        check.That(credential.PublicKey.X.AsSpan().SequenceEqual(expectedX), $"pk_{party}: the credential holds another key");
        if (values.TryGetProperty($"pk_{party}_y", out _) && credential.PublicKey.Y.Length > 0)
        {
            check.That(credential.PublicKey.Y.AsSpan().SequenceEqual(Hex(values, $"pk_{party}_y")), $"pk_{party}_y: the credential holds another key");
        }
        return credential;
    }

    private static void VerifyIssuedBy(byte[] der, byte[] rootKey, string party, VectorCheck check)
    {
        try
        {
            new Org.BouncyCastle.X509.X509Certificate(der).Verify(new Ed25519PublicKeyParameters(rootKey));
        }
        catch (Exception e) when (e is Org.BouncyCastle.Security.GeneralSecurityException or ArgumentException or InvalidOperationException)
        {
            check.Fail($"cred_{party}_x509_der: not signed by the root key ({e.Message})");
        }
    }

    private static T Expect<T>(EdhocResult<T> result, string step)
        where T : class =>
        result.TryGetValue(out T? value) ? value : throw new InvalidOperationException($"{step} failed: {result.Failure}");

    private static byte[] Hex(JsonElement values, string name) => Convert.FromHexString(values.GetProperty(name).GetString() ?? "");

    private static List<int> Ints(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];

    private static IReadOnlyList<EadItem> Ead(JsonElement values, string name) =>
        values.TryGetProperty(name, out var ead) && ead.GetString() is { Length: > 0 } hex
            ? EadItem.DecodeSequence(Convert.FromHexString(hex)).Value
            : [];
}
