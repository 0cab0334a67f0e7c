namespace Eals.Grains.Oscore;

/// <summary>
/// The answer to an OSCORE-protected request (the CoAP message to send, encoded: protected, or an unprotected
/// OSCORE error) and, when a pledge grain owns the context (EDHOC made it), that pledge's serial, so a gateway
/// can send the context's next requests straight to it. A null <see cref="Owner"/> from a pledge grain means
/// the identifier is not its context.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("eals.protected-answer")]
public sealed record ProtectedAnswer([property: Id(0)] byte[] Message, [property: Id(1)] string? Owner = null);
