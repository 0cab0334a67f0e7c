using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>A request that decrypted and passed the replay check, and the binding its responses are protected with.</summary>
public sealed record OscoreVerifiedRequest(CoapMessage Message, OscoreRequestBinding Binding);
