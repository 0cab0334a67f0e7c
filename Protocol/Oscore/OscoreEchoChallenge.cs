using Eals.Protocol.Coap;

namespace Eals.Protocol.Oscore;

/// <summary>
/// RFC 8613 appendix B.1.2 with RFC 9175 section 2.4: a server that lost its replay window answers a
/// request that decrypted but cannot be shown fresh with a 4.01 (Unauthorized) carrying an Echo option.
/// <see cref="Response"/> is that response before protection (Echo is Class E, so it travels encrypted);
/// protect it with <see cref="Binding"/>, which forces the response's own Partial IV.
/// </summary>
public sealed record OscoreEchoChallenge(CoapMessage Response, OscoreRequestBinding Binding);
