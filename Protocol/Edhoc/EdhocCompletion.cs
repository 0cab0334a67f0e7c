namespace Eals.Protocol.Edhoc;

/// <summary>A finished handshake and the EAD items of its last message (EAD_4, or EAD_3 for the Responder).</summary>
public sealed record EdhocCompletion(EdhocSession Session, IReadOnlyList<EadItem> Ead);
