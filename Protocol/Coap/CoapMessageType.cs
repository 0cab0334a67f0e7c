namespace Eals.Protocol.Coap;

/// <summary>The 2-bit message type of RFC 7252 section 3.</summary>
public enum CoapMessageType : byte
{
    Confirmable = 0,
    NonConfirmable = 1,
    Acknowledgement = 2,
    Reset = 3,
}
