namespace Eals.Grains.Edhoc;

/// <summary>Which side of EDHOC the registrar plays in a session (RFC 9528 appendix A.2).</summary>
[GenerateSerializer]
public enum EdhocFlow
{
    /// <summary>The pledge triggers, the registrar is Initiator (the EALS way, draft section 3.1).</summary>
    Reverse = 0,
    /// <summary>The pledge is Initiator, the registrar Responder (EST-oscore clients on other stacks).</summary>
    Forward = 1,
}
