using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 section 5.3, the plaintext that is encrypted:
/// <code>
/// +------+------------------+-------------+---------+
/// | Code | Class E options  | 0xFF marker | Payload |   (marker and payload only if there is a payload)
/// +------+------------------+-------------+---------+
/// </code>
/// Options and payload use the CoAP option encoding, so the CoAP codec writes and reads them: a plaintext is
/// a CoAP message without the first, third and fourth header bytes and without a token.
/// </summary>
public static class OscorePlaintext
{
    private const int HeaderBytesBeforeCode = 1;
    private const int HeaderBytesAfterCode = 2;

    /// <summary>Encodes code, options (in wire order) and payload.</summary>
    public static byte[] Encode(CoapCode code, IReadOnlyList<CoapOption> innerOptions, ReadOnlyMemory<byte> payload)
    {
        var inner = new CoapMessage { Code = code, Payload = payload };
        foreach (var option in innerOptions)
        {
            inner.AddOption(option);
        }
        // Serialised with an empty token, the CoAP message is [ver/type/tkl, code, mid, mid, options..., 0xFF, payload].
        var message = CoapMessageSerializer.Serialize(inner);
        var plaintext = new byte[message.Length - HeaderBytesBeforeCode - HeaderBytesAfterCode];
        plaintext[0] = code.Value;
        message.AsSpan(CoapMessageParser.HeaderLength).CopyTo(plaintext.AsSpan(1));
        return plaintext;
    }

    /// <summary>Decodes a decrypted plaintext; false for an empty plaintext or malformed options and payload.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> plaintext, out CoapCode code, out IReadOnlyList<CoapOption> options, out ReadOnlyMemory<byte> payload)
    {
        code = default;
        options = [];
        payload = default;
        if (plaintext.IsEmpty)
        {
            return false;
        }
        var datagram = new byte[plaintext.Length + HeaderBytesBeforeCode + HeaderBytesAfterCode];
        datagram[0] = 0x40;    // version 1, CON, TKL 0
        datagram[1] = plaintext[0];
        plaintext[1..].CopyTo(datagram.AsSpan(CoapMessageParser.HeaderLength));
        var parsed = CoapMessageParser.Parse(datagram, maxTokenLength: 0);
        if (!parsed.IsSuccess)
        {
            return false;
        }
        code = parsed.Message.Code;
        options = parsed.Message.Options;
        payload = parsed.Message.Payload;
        return true;
    }
}
