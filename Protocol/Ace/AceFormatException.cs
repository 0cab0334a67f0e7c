namespace Eals.Protocol.Ace;

/// <summary>An ACE message (token, /authz-info body, introspection message, Client Token) that is malformed or does not verify.</summary>
public sealed class AceFormatException(string message, Exception? inner = null) : Exception(message, inner);
