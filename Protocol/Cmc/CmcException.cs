namespace Eals.Protocol.Cmc;

/// <summary>A typed refusal of a CMC message. Messages name the problem, never key material.</summary>
public sealed class CmcException : Exception
{
    public CmcException(CmcError error, string message)
        : base(message) => Error = error;

    public CmcException(CmcError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public CmcException()
        : this(CmcError.Malformed, "Malformed CMC message.")
    {
    }

    public CmcException(string message)
        : this(CmcError.Malformed, message)
    {
    }

    public CmcException(string message, Exception innerException)
        : this(CmcError.Malformed, message, innerException)
    {
    }

    public CmcError Error { get; }
}
