using CsCheck;
using Eals.Protocol.Coap;

namespace Eals.Protocol.Tests;

/// <summary>CsCheck generators of well-formed CoAP messages covering every length encoding.</summary>
public static class CoapMessageGenerators
{
    private static readonly Gen<byte[]> Bytes0To300 = Gen.OneOf(Gen.Byte.Array[0, 14], Gen.Byte.Array[0, 300]);

    private static readonly Gen<CoapCode> RequestOrResponseCode = Gen.OneOf(
        Gen.Int[1, 31].Select(d => CoapCode.Create(0, d)),
        Gen.Int[0, 31].Select(d => CoapCode.Create(2, d)),
        Gen.Int[0, 31].Select(d => CoapCode.Create(4, d)),
        Gen.Int[0, 31].Select(d => CoapCode.Create(5, d)));

    private static readonly Gen<CoapOption> Option = Gen.Select(
        Gen.OneOf(Gen.Int[1, 20], Gen.Int[1, 300], Gen.Int[1, 65535]),
        Bytes0To300,
        (number, value) => new CoapOption((ushort)number, value));

    public static readonly Gen<CoapMessage> NonEmptyMessage = Gen.Select(
        Gen.Enum<CoapMessageType>(),
        RequestOrResponseCode,
        Gen.UShort,
        Gen.OneOf(Gen.Byte.Array[0, 8], Gen.Byte.Array[9, 300], Gen.Byte.Array[260, 700]),
        Option.Array[0, 12],
        Gen.OneOf(Gen.Const(Array.Empty<byte>()), Gen.Byte.Array[1, 1200]),
        (type, code, id, token, options, payload) =>
        {
            var message = new CoapMessage { Type = type, Code = code, MessageId = id, Token = token, Payload = payload };
            foreach (var option in options)
            {
                message.AddOption(option);
            }
            return message;
        });

    public static readonly Gen<CoapMessage> EmptyMessage = Gen.Select(Gen.Enum<CoapMessageType>(), Gen.UShort,
        (type, id) => new CoapMessage { Type = type, Code = CoapCode.Empty, MessageId = id });

    public static readonly Gen<CoapMessage> Message = Gen.Frequency((9, NonEmptyMessage), (1, EmptyMessage));
}
