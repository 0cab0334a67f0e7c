namespace Eals.Protocol.Edhoc;

/// <summary>ERR_CODE values (RFC 9528 section 6, table 3).</summary>
public enum EdhocErrorCode
{
    Success = 0,
    UnspecifiedError = 1,
    WrongSelectedCipherSuite = 2,
    UnknownCredentialReferenced = 3,
}
