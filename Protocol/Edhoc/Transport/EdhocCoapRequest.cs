namespace Eals.Protocol.Edhoc.Transport;

/// <summary>
/// A parsed EDHOC request payload: its kind, the connection identifier that routes it to a session
/// (raw bytes; only for <see cref="EdhocCoapRequestKind.Continuation"/>) and the EDHOC message.
/// </summary>
public sealed record EdhocCoapRequest(EdhocCoapRequestKind Kind, byte[]? ConnectionId, byte[] Message);
