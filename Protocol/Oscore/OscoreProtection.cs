using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// The protected message with every intermediate value of RFC 8613 section 8.1/8.3, for known-answer
/// tests and diagnostics. <see cref="Binding"/> is the request binding the client keeps for the response
/// (for a protected response, the binding it answered).
/// </summary>
public sealed record OscoreProtection(
    CoapMessage Message,
    OscoreRequestBinding Binding,
    OscoreOptionValue Option,
    byte[] OptionValue,
    byte[] AadArray,
    byte[] Aad,
    byte[] Plaintext,
    byte[] Nonce,
    byte[] Ciphertext);
