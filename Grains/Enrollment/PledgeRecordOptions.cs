namespace Eals.Grains.Enrollment;

/// <summary>
/// A pledge the operator registered beforehand (draft-selander-ace-eals section 2.4): subject parts that
/// take precedence over what its request asks for. The serialNumber always comes from the IDevID.
/// </summary>
public sealed class PledgeRecordOptions
{
    public string? CommonName { get; set; }
    public string? Organization { get; set; }
    public string? OrganizationalUnit { get; set; }
}
