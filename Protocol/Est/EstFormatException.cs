namespace Eals.Protocol.Est;

/// <summary>A typed refusal of an EST payload; the message never repeats the input bytes.</summary>
public sealed class EstFormatException : Exception
{
    public EstFormatException(EstFormatError error, string message)
        : base(message) => Error = error;

    public EstFormatException(EstFormatError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public EstFormatException()
        : this(EstFormatError.Malformed, "Malformed EST payload.")
    {
    }

    public EstFormatException(string message)
        : this(EstFormatError.Malformed, message)
    {
    }

    public EstFormatException(string message, Exception innerException)
        : this(EstFormatError.Malformed, message, innerException)
    {
    }

    public EstFormatError Error { get; }
}
