namespace Eals.Grains.Pledges;

/// <summary>Where a pledge is in its enrollment (the per-pledge state machine).</summary>
[GenerateSerializer]
public enum PledgeStatus
{
    /// <summary>Never seen: no EDHOC message_2 carrying this identity has arrived.</summary>
    Unknown = 0,
    /// <summary>Authenticated by EDHOC, OSCORE context established, no certificate yet.</summary>
    EdhocInProgress = 1,
    /// <summary>Holds a domain certificate issued by simple enroll.</summary>
    Enrolled = 2,
    /// <summary>Holds a domain certificate issued by re-enroll (the previous one is superseded).</summary>
    ReEnrolled = 3,
    /// <summary>The last attempt was refused; the reason is on the timeline. A new attempt may follow.</summary>
    Failed = 4,
}
