namespace Eals.Protocol.Pki;

/// <summary>
/// What the operator pre-registered for a pledge (draft-selander-ace-eals section 2.4): subject parts that,
/// when set, override what the request asks for. The serialNumber is never taken from here.
/// </summary>
public sealed record PledgeRecord(string? CommonName = null, string? Organization = null, string? OrganizationalUnit = null)
{
    public static PledgeRecord None { get; } = new();
}
