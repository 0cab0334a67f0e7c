using System.Formats.Cbor;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// The EDHOC error message (RFC 9528 section 6):
/// <code>
/// error = (
///   ERR_CODE : int,
///   ERR_INFO : any,
/// )
/// </code>
/// ERR_CODE 1 carries a diagnostic tstr, 2 the Responder's SUITES_R (int or array), 3 <c>true</c>.
/// </summary>
public sealed record EdhocErrorMessage(EdhocErrorCode Code, string? Diagnostic, IReadOnlyList<int> SuitesR)
{
    public static EdhocErrorMessage Unspecified(string diagnostic) => new(EdhocErrorCode.UnspecifiedError, diagnostic, []);

    public static EdhocErrorMessage WrongSelectedCipherSuite(IReadOnlyList<int> suitesR) => new(EdhocErrorCode.WrongSelectedCipherSuite, null, suitesR);

    public static EdhocErrorMessage UnknownCredentialReferenced() => new(EdhocErrorCode.UnknownCredentialReferenced, null, []);

    public byte[] Encode()
    {
        var writer = EdhocCbor.Writer();
        writer.WriteInt32((int)Code);
        switch (Code)
        {
            case EdhocErrorCode.UnspecifiedError:
                writer.WriteTextString(Diagnostic ?? "");
                break;
            case EdhocErrorCode.WrongSelectedCipherSuite:
                EdhocSuites.Write(writer, SuitesR);
                break;
            case EdhocErrorCode.UnknownCredentialReferenced:
                writer.WriteBoolean(true);
                break;
            default:
                throw new InvalidOperationException($"ERR_CODE {Code} has no ERR_INFO defined here");
        }
        return writer.Encode();
    }

    /// <summary>Parses an error message; any other ERR_CODE is kept with its ERR_INFO skipped.</summary>
    public static EdhocResult<EdhocErrorMessage> Decode(byte[] message)
    {
        try
        {
            return EdhocCbor.Parse(message, "error", reader =>
            {
                int code = EdhocCbor.ReadInteger(reader, "ERR_CODE");
                switch ((EdhocErrorCode)code)
                {
                    case EdhocErrorCode.UnspecifiedError:
                        if (reader.PeekState() != CborReaderState.TextString)
                        {
                            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "ERR_INFO of ERR_CODE 1 must be a text string");
                        }
                        return Unspecified(reader.ReadTextString());
                    case EdhocErrorCode.WrongSelectedCipherSuite:
                        return WrongSelectedCipherSuite(EdhocSuites.Read(reader, "SUITES_R"));
                    case EdhocErrorCode.UnknownCredentialReferenced:
                        if (reader.PeekState() != CborReaderState.Boolean || !reader.ReadBoolean())
                        {
                            throw EdhocProtocolException.Of(EdhocFailureKind.MalformedMessage, "ERR_INFO of ERR_CODE 3 must be true");
                        }
                        return UnknownCredentialReferenced();
                    default:
                        reader.SkipValue();
                        return new EdhocErrorMessage((EdhocErrorCode)code, null, []);
                }
            });
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    /// <summary>The failure a party reports when it receives this error message instead of the expected message.</summary>
    internal EdhocFailure ToFailure() => new(EdhocFailureKind.PeerError, $"peer sent error {(int)Code} {Diagnostic}") { PeerError = this, SuitesR = SuitesR };
}
