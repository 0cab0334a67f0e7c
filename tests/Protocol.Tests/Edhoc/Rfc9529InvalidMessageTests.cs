using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>RFC 9529 section 4: each invalid message is rejected with the failure that names its flaw.</summary>
public sealed class Rfc9529InvalidMessageTests
{
    private static readonly EdhocResponderOptions Responder = new([0, 2]);

    public static IEnumerable<object[]> Invalid() => Rfc9529Vectors.InvalidMessages.Select(v => new object[] { v.GetProperty("id").GetString()! });

    public static IEnumerable<object[]> Valid() => Rfc9529Vectors.ValidReferences.Select(v => new object[] { v.GetProperty("id").GetString()! });

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_message_is_rejected_with_the_matching_failure(string id)
    {
        var vector = Rfc9529Vectors.InvalidMessages.Single(v => v.GetProperty("id").GetString() == id);
        var failure = Parse(vector.GetProperty("message_type").GetString()!, Convert.FromHexString(vector.GetProperty("message").GetString()!));
        var expected = vector.GetProperty("expected_rejection").GetString() switch
        {
            "g_x_wrong_length" => EdhocFailureKind.InvalidKeyLength,
            "g_x_not_less_than_p" or "g_x_not_on_curve" or "x25519_all_zero_shared_secret" => EdhocFailureKind.InvalidPublicKey,
            "mac_wrong_length" => EdhocFailureKind.WrongMacLength,
            "non_deterministic" or "indefinite_length" => EdhocFailureKind.NonDeterministicEncoding,
            _ => EdhocFailureKind.MalformedMessage,
        };
        Assert.Equal(expected, failure?.Kind);
        Assert.Equal(EdhocErrorCode.UnspecifiedError, failure!.ToErrorMessage().Code);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_reference_is_accepted(string id)
    {
        var vector = Rfc9529Vectors.ValidReferences.Single(v => v.GetProperty("id").GetString() == id);
        Assert.Null(Parse(vector.GetProperty("message_type").GetString()!, Convert.FromHexString(vector.GetProperty("message").GetString()!)));
    }

    [Fact]
    public void X25519_low_order_point_is_also_refused_by_the_key_agreement()
    {
        byte[] lowOrder = Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
        var keys = DefaultCipherSuiteCrypto.Instance.GenerateKeyPair(KeyAgreementCurve.X25519, new SeededRandomSource(1));
        Assert.False(DefaultCipherSuiteCrypto.Instance.TryDeriveSharedSecret(KeyAgreementCurve.X25519, keys.PrivateKey, lowOrder, out _));
    }

    private static EdhocFailure? Parse(string type, byte[] message) => type switch
    {
        "message_1" => EdhocResponder.ProcessMessage1(message, Responder, DefaultCipherSuiteCrypto.Instance).Failure,
        "message_2" => EdhocMessage2.Decode(message, 32).Failure,
        _ => EdhocPlaintext2.Decode(message, 8).Failure,
    };
}
