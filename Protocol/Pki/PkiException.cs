namespace Eals.Protocol.Pki;

/// <summary>
/// A typed refusal from the PKI layer. Messages name the problem, never key material or the input bytes.
/// </summary>
public sealed class PkiException : Exception
{
    public PkiException(PkiError error, string message)
        : base(message) => Error = error;

    public PkiException(PkiError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public PkiException()
        : this(PkiError.Malformed, "Malformed PKI input.")
    {
    }

    public PkiException(string message)
        : this(PkiError.Malformed, message)
    {
    }

    public PkiException(string message, Exception innerException)
        : this(PkiError.Malformed, message, innerException)
    {
    }

    public PkiError Error { get; }
}
