using Eals.Grains.Certificates;

namespace Eals.Dashboard.Api;

/// <summary>An issued certificate's record as the API shows it, with where to download it.</summary>
public sealed record CertificateView(
    string SerialHex,
    string Subject,
    string PledgeSerial,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset IssuedAt,
    bool ReEnrollment,
    string? Supersedes,
    string? PemUrl)
{
    public static CertificateView From(CertificateRecord record) => new(record.SerialHex, record.Subject, record.PledgeSerial,
        record.NotBefore, record.NotAfter, record.IssuedAt, record.ReEnrollment, record.Supersedes,
        record.Der is null ? null : $"/api/certificates/{record.SerialHex}.pem");
}
