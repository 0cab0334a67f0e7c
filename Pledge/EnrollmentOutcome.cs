using Eals.Pledge.Enrollment;

namespace Eals.Pledge;

/// <summary>How the single-pledge enroll commands end: the new certificate written and named, or the failed step; their exit code.</summary>
public static class EnrollmentOutcome
{
    public static int Report(string command, EnrollmentResult result, string folder, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!result.Succeeded)
        {
            error.WriteLine($"{command}: failed at {result.FailedStep}: {result.Reason}");
            return 1;
        }
        PledgeFiles.WriteLdevid(folder, result.Certificate!, result.Key!);
        output.WriteLine($"enrolled: {result.Certificate!.Subject}, serial {result.Certificate.SerialNumber}, until {result.Certificate.NotAfter:u}; written to {Path.Combine(folder, "ldevid.pem")}");
        return 0;
    }
}
