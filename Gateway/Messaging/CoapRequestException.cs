namespace Eals.Gateway.Messaging;

/// <summary>A request this endpoint sent was rejected at the message layer (RST).</summary>
public sealed class CoapRequestException : Exception
{
    public CoapRequestException(string message) : base(message)
    {
    }

    public CoapRequestException()
    {
    }

    public CoapRequestException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
