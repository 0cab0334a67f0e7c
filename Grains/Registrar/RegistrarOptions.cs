using System.ComponentModel.DataAnnotations;

namespace Eals.Grains.Registrar;

/// <summary>Configuration section "Registrar": how the registrar runs EDHOC and whom it admits.</summary>
public sealed class RegistrarOptions
{
    public const string SectionName = "Registrar";

    /// <summary>
    /// IDevID serial numbers admitted without further approval (issue 4's local allow-list; vouchers and
    /// operator approval come on top of it). An entry ending in '*' admits every serial with that prefix.
    /// </summary>
    public string[] AllowList { get; set; } = [];

    /// <summary>Enrollment groups: serial prefixes (optionally of one manufacturer) approved at once.</summary>
    public EnrollmentGroupOptions[] EnrollmentGroups { get; set; } = [];

    /// <summary>Pledges no entry or group approves: wait for an operator (default) or refuse.</summary>
    public UnknownPledgePolicy UnknownPledges { get; set; } = UnknownPledgePolicy.Pending;

    /// <summary>Max-Age of the 5.03 a pledge gets while it waits for an operator or the MASA.</summary>
    public TimeSpan PendingRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an EDHOC session may wait for its next message before it is dropped.</summary>
    public TimeSpan EdhocSessionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Length of the connection identifiers the registrar allocates (its OSCORE Recipient IDs), 6..7 bytes: a random
    /// part and a 3-byte tag (<see cref="Protocol.Edhoc.TaggedConnectionId"/>) by which gateways refuse identifiers nobody issued.
    /// </summary>
    [Range(Protocol.Edhoc.TaggedConnectionId.MinLength, Protocol.Edhoc.TaggedConnectionId.MaxLength)]
    public int ConnectionIdLength { get; set; } = Protocol.Edhoc.TaggedConnectionId.MaxLength;
}
