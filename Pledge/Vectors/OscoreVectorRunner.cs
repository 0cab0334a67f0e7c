using System.Text.Json;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Pledge.Vectors;

/// <summary>
/// Runs <c>oscore-kat/1</c> files (RFC 8613 appendix C): recomputes every key-derivation output, then
/// protects each message with the sender context it names, compares every listed intermediate and output
/// value, and unprotects the result with the recipient context to get the original message back.
/// </summary>
public sealed class OscoreVectorRunner : IVectorFileRunner
{
    public string Format => "oscore-kat/1";

    public IEnumerable<VectorResult> Run(JsonElement root)
    {
        var derivations = new Dictionary<string, OscoreContextParameters>(StringComparer.Ordinal);
        if (root.TryGetProperty("key_derivation", out var keyDerivation))
        {
            foreach (var vector in keyDerivation.EnumerateArray())
            {
                string id = vector.GetProperty("id").GetString() ?? "";
                var check = new VectorCheck(vector.GetProperty("outputs"));
                try
                {
                    var parameters = ReadParameters(vector.GetProperty("inputs"));
                    derivations[id] = parameters;
                    CheckDerivation(parameters, check);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    check.Fail($"exception: {e.Message}");
                }
                yield return VectorResult.From(id, check);
            }
        }
        if (root.TryGetProperty("message_protection", out var messageProtection))
        {
            foreach (var vector in messageProtection.EnumerateArray())
            {
                string id = vector.GetProperty("id").GetString() ?? "";
                var check = new VectorCheck(vector.GetProperty("outputs"));
                try
                {
                    CheckMessage(vector, derivations, check);
                }
                catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    check.Fail($"exception: {e.Message}");
                }
                yield return VectorResult.From(id, check);
            }
        }
    }

    private static OscoreContextParameters ReadParameters(JsonElement inputs)
    {
        int aead = inputs.GetProperty("aead_alg").GetInt32();
        string hkdf = inputs.GetProperty("hkdf_alg").GetString() ?? "";
        if (aead != OscoreAlgorithm.AesCcm16_64_128 || hkdf != "HKDF-SHA256")
        {
            throw new InvalidOperationException($"unsupported algorithms {aead} / {hkdf}");
        }
        return new OscoreContextParameters(
            Hex(inputs, "master_secret"),
            Hex(inputs, "sender_id"),
            Hex(inputs, "recipient_id"),
            OptionalHex(inputs, "master_salt"),
            OptionalHex(inputs, "id_context"));
    }

    private static void CheckDerivation(OscoreContextParameters parameters, VectorCheck check)
    {
        check.Bytes("info_sender_key", OscoreKeyDerivation.BuildInfo(parameters.SenderId.Span, parameters.IdContext, OscoreKeyDerivation.KeyType, OscoreAlgorithm.KeyLength));
        check.Bytes("info_recipient_key", OscoreKeyDerivation.BuildInfo(parameters.RecipientId.Span, parameters.IdContext, OscoreKeyDerivation.KeyType, OscoreAlgorithm.KeyLength));
        check.Bytes("info_common_iv", OscoreKeyDerivation.BuildInfo([], parameters.IdContext, OscoreKeyDerivation.IvType, OscoreAlgorithm.NonceLength));
        var keys = OscoreKeyDerivation.Derive(parameters);
        check.Bytes("sender_key", keys.SenderKey);
        check.Bytes("recipient_key", keys.RecipientKey);
        check.Bytes("common_iv", keys.CommonIv);
        var zero = OscorePartialIv.Encode(0);
        check.Bytes("sender_nonce_piv_0", OscoreNonce.Compute(keys.CommonIv, parameters.SenderId.Span, zero));
        check.Bytes("recipient_nonce_piv_0", OscoreNonce.Compute(keys.CommonIv, parameters.RecipientId.Span, zero));
    }

    private static void CheckMessage(JsonElement vector, Dictionary<string, OscoreContextParameters> derivations, VectorCheck check)
    {
        var inputs = vector.GetProperty("inputs");
        var outputs = vector.GetProperty("outputs");
        bool isRequest = vector.GetProperty("message_type").GetString() switch
        {
            "request" => true,
            "response" => false,
            var other => throw new InvalidOperationException($"unknown message_type '{other}'"),
        };
        var senderParameters = derivations[vector.GetProperty("sender_context").GetString() ?? ""];
        var recipientParameters = derivations[vector.GetProperty("recipient_context").GetString() ?? ""];
        var senderKeys = OscoreKeyDerivation.Derive(senderParameters);

        // The vector restates the sender context it uses; it must be the one named.
        var restated = new VectorCheck(inputs);
        restated.Bytes("common_iv", senderKeys.CommonIv);
        restated.Bytes("sender_id", senderParameters.SenderId.Span);
        restated.Bytes("sender_key", senderKeys.SenderKey);
        restated.Bytes("id_context", senderParameters.IdContext ?? []);
        if (restated.Failed)
        {
            check.Fail($"inputs differ from sender_context: {restated.FirstDifference}");
            return;
        }

        var parsed = CoapMessageParser.Parse(Hex(inputs, "unprotected_coap_message"));
        if (!parsed.IsSuccess)
        {
            check.Fail($"unprotected_coap_message does not parse: {parsed.Error}");
            return;
        }
        var original = parsed.Message;
        ulong sequenceNumber = inputs.TryGetProperty("sender_sequence_number", out var ssn) ? ssn.GetUInt64() : 0;
        using var sender = StartedAt(senderParameters, sequenceNumber);

        OscoreResult<OscoreProtection> protectedResult;
        OscoreRequestBinding binding;
        if (isRequest)
        {
            bool withKidContext = inputs.TryGetProperty("kid_context_in_message", out var k) && k.GetBoolean();
            protectedResult = sender.ProtectRequestAsync(original, withKidContext).AsTask().GetAwaiter().GetResult();
            binding = protectedResult.Value?.Binding ?? new OscoreRequestBinding([], []);
        }
        else
        {
            binding = new OscoreRequestBinding(Hex(inputs, "request_kid"), Hex(inputs, "request_piv"));
            bool withPartialIv = inputs.GetProperty("partial_iv_in_message").GetBoolean();
            protectedResult = sender.ProtectResponseAsync(original, binding, withPartialIv).AsTask().GetAwaiter().GetResult();
        }
        if (!protectedResult.IsSuccess)
        {
            check.Fail($"protect failed: {protectedResult.Error}");
            return;
        }
        var protection = protectedResult.Value;
        OptionalField(check, outputs, "partial_iv", protection.Option.PartialIv);
        OptionalField(check, outputs, "kid", protection.Option.Kid);
        OptionalField(check, outputs, "kid_context", protection.Option.KidContext);
        check.Bytes("aad_array", protection.AadArray);
        check.Bytes("aad", protection.Aad);
        check.Bytes("plaintext", protection.Plaintext);
        check.Bytes("encryption_key", senderKeys.SenderKey);
        check.Bytes("nonce", protection.Nonce);
        check.Bytes("oscore_option_value", protection.OptionValue);
        check.Bytes("ciphertext", protection.Ciphertext);
        var wire = CoapMessageSerializer.Serialize(protection.Message);
        check.Bytes("protected_coap_message", wire);
        if (check.Failed)
        {
            return;
        }

        // The receiver parses the wire bytes and must recover the message the sender started from.
        var received = CoapMessageParser.Parse(wire);
        if (!received.IsSuccess)
        {
            check.Fail($"protected message does not parse: {received.Error}");
            return;
        }
        using var recipient = StartedAt(recipientParameters, 0);
        CoapMessage? recovered;
        if (isRequest)
        {
            var verified = recipient.UnprotectRequest(received.Message);
            check.That(verified.IsSuccess, $"unprotect request failed: {verified.Error}");
            recovered = verified.Value?.Message;
        }
        else
        {
            var verified = recipient.UnprotectResponse(received.Message, binding);
            check.That(verified.IsSuccess, $"unprotect response failed: {verified.Error}");
            recovered = verified.Value;
        }
        if (recovered is not null)
        {
            check.That(CoapMessageSerializer.Serialize(recovered).AsSpan().SequenceEqual(Hex(inputs, "unprotected_coap_message")),
                "unprotect did not recover unprotected_coap_message");
        }
    }

    // A context whose Sender Sequence Number is the vector's: restored from a state at that number.
    private static OscoreSecurityContext StartedAt(OscoreContextParameters parameters, ulong sequenceNumber)
    {
        using var fresh = OscoreSecurityContext.Derive(parameters, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance);
        var state = fresh.Export() with { SenderSequenceNumber = sequenceNumber, SenderSequenceCeiling = sequenceNumber };
        return OscoreSecurityContext.Restore(state, new InMemoryOscoreSequenceNumberStore(), SystemRandomSource.Instance, replayWindowTrusted: true);
    }

    // null in the vector: the field must be absent from the OSCORE option.
    private static void OptionalField(VectorCheck check, JsonElement outputs, string name, byte[]? actual)
    {
        if (!outputs.TryGetProperty(name, out var expected))
        {
            return;
        }
        if (expected.ValueKind == JsonValueKind.Null)
        {
            check.That(actual is null, $"{name}: expected absent, got h'{Convert.ToHexStringLower(actual ?? [])}'");
        }
        else if (actual is null)
        {
            check.Fail($"{name}: expected {expected.GetString()}, got absent");
        }
        else
        {
            check.Bytes(name, actual);
        }
    }

    private static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString() ?? "");

    private static byte[]? OptionalHex(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Convert.FromHexString(value.GetString() ?? "") : null;
}
