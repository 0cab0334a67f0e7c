namespace Eals.Protocol.Edhoc.Transport;

/// <summary>What an EDHOC request payload to <c>/.well-known/edhoc</c> carries (RFC 9528 appendix A.2).</summary>
public enum EdhocCoapRequestKind
{
    /// <summary>Empty payload: a CoAP client acting as Responder asks the server for message_1 (reverse flow).</summary>
    Trigger,

    /// <summary><c>true ‖ message_1</c>: a CoAP client acting as Initiator starts a session (forward flow).</summary>
    Message1,

    /// <summary><c>C_x ‖ message</c>: a later message of a session, routed by the receiver's connection identifier.</summary>
    Continuation,
}
