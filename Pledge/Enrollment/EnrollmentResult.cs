using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>How one pledge's enrollment ended: its new certificate and key, or the step that failed and why.</summary>
public sealed record EnrollmentResult(X509Certificate2? Certificate, ECDsa? Key, string? FailedStep, string? Reason, int Attempts)
{
    public bool Succeeded => Certificate is not null;

    public static EnrollmentResult Enrolled(X509Certificate2 certificate, ECDsa key, int attempts) => new(certificate, key, null, null, attempts);

    public static EnrollmentResult Failed(string step, string reason, int attempts) => new(null, null, step, reason, attempts);
}
