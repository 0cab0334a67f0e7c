using System.Text.Json;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Pledge.Vectors;

/// <summary>
/// <c>edhoc-invalid-kat/1</c> (RFC 9529 section 4): every invalid message must be rejected, and the
/// valid references accepted, by the same parsers the state machines use.
/// </summary>
public sealed class EdhocInvalidVectorRunner : IVectorFileRunner
{
    // A Responder as the system deploys it: both implemented suites.
    private static readonly EdhocResponderOptions ResponderOptions = new([EdhocCipherSuite.Suite0.Id, EdhocCipherSuite.Suite2.Id]);

    public string Format => "edhoc-invalid-kat/1";

    public IEnumerable<VectorResult> Run(JsonElement root)
    {
        foreach (var vector in root.GetProperty("invalid_messages").EnumerateArray())
        {
            yield return Check(vector, expectValid: false);
        }
        foreach (var vector in root.GetProperty("valid_references").EnumerateArray())
        {
            yield return Check(vector, expectValid: true);
        }
    }

    private static VectorResult Check(JsonElement vector, bool expectValid)
    {
        string id = vector.GetProperty("id").GetString() ?? "?";
        var check = new VectorCheck(vector);
        byte[] message = Convert.FromHexString(vector.GetProperty("message").GetString() ?? "");
        var context = vector.GetProperty("parse_context");
        EdhocFailure? failure = vector.GetProperty("message_type").GetString() switch
        {
            "message_1" => EdhocResponder.ProcessMessage1(message, ResponderOptions, DefaultCipherSuiteCrypto.Instance).Failure,
            "message_2" => EdhocMessage2.Decode(message, Int(context, "ephemeral_key_length", EdhocCipherSuite.EphemeralKeyLength)).Failure,
            "plaintext_2" => EdhocPlaintext2.Decode(message, SignatureOrMac2Length(context)).Failure,
            var other => new EdhocFailure(EdhocFailureKind.UnexpectedState, $"unknown message_type {other}"),
        };
        if (expectValid)
        {
            check.That(failure is null, $"valid message rejected: {failure}");
        }
        else
        {
            check.That(failure is not null, $"invalid message accepted (expected rejection: {Text(vector, "expected_rejection")})");
        }
        return VectorResult.From(id, check);
    }

    /// <summary>A signature when the Responder signs (METHOD 0 or 2), otherwise mac_length_2.</summary>
    private static int SignatureOrMac2Length(JsonElement context) =>
        ((EdhocMethod)Int(context, "method", 3)).ResponderSigns() ? EdhocCipherSuite.SignatureLength : Int(context, "mac_length_2", EdhocCipherSuite.MacLength);

    private static int Int(JsonElement element, string name, int fallback) => element.TryGetProperty(name, out var value) ? value.GetInt32() : fallback;

    private static string Text(JsonElement element, string name) => element.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";
}
