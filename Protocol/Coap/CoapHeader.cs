namespace Eals.Protocol.Coap;

/// <summary>The fixed 4-byte header, readable even when the rest of the message is malformed,
/// so that a Confirmable message can still be rejected with a matching Reset.</summary>
public readonly record struct CoapHeader(byte Version, CoapMessageType Type, int TokenLengthNibble, CoapCode Code, ushort MessageId);
