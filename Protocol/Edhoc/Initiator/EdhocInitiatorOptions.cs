namespace Eals.Protocol.Edhoc;

/// <summary>
/// What the Initiator puts in message_1: METHOD, SUITES_I in order of preference with the selected
/// suite last (RFC 9528 section 5.2.2), C_I (raw bytes, allocated centrally so it never collides
/// with an OSCORE Recipient ID in use) and EAD_1.
/// </summary>
public sealed record EdhocInitiatorOptions(EdhocMethod Method, IReadOnlyList<int> SuitesI, byte[] ConnectionId)
{
    public IReadOnlyList<EadItem> Ead1 { get; init; } = [];
}
