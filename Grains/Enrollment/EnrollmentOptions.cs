using System.ComponentModel.DataAnnotations;

namespace Eals.Grains.Enrollment;

/// <summary>Configuration section "Enrollment": the certificate profile of the default enrollment group (draft section 2.4).</summary>
public sealed class EnrollmentOptions
{
    public const string SectionName = "Enrollment";

    /// <summary>Lifetime of issued domain certificates.</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Issue with the serverAuth extended key usage as well as clientAuth.</summary>
    public bool ServerAuth { get; set; }

    /// <summary>Organization (O) of every certificate of the group, unless a pledge record sets its own.</summary>
    public string? Organization { get; set; }

    /// <summary>Organizational unit (OU) of every certificate of the group, unless a pledge record sets its own.</summary>
    public string? OrganizationalUnit { get; set; }

    /// <summary>Pre-registered pledges by IDevID serial number (configuration "Enrollment:Pledges:SERIAL:CommonName" ...).</summary>
    public Dictionary<string, PledgeRecordOptions> Pledges { get; set; } = new(StringComparer.Ordinal);

    [Range(1, 10)]
    public int MaxSerialCollisionRetries { get; set; } = 3;
}
