using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Runs one route's whole enrollment until it succeeds, fails for good, or has had its attempts: a retryable
/// failure waits its Retry-After (or a short growing pause, at most <paramref name="maxWait"/>) and starts over.
/// </summary>
public static class EnrollmentAttempts
{
    public static async Task<EnrollmentResult> RunAsync(Func<CancellationToken, Task<(X509Certificate2 Certificate, ECDsa Key)>> once, int maxAttempts, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(once);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var (certificate, key) = await once(cancellationToken).ConfigureAwait(false);
                return EnrollmentResult.Enrolled(certificate, key, attempt);
            }
            catch (EnrollmentStepException failure) when (failure.Retryable && attempt < maxAttempts)
            {
                var wait = failure.RetryAfter ?? TimeSpan.FromMilliseconds(200 * attempt);
                await Task.Delay(wait < maxWait ? wait : maxWait, cancellationToken).ConfigureAwait(false);
            }
            catch (EnrollmentStepException failure)
            {
                return EnrollmentResult.Failed(failure.Step, failure.Message, attempt);
            }
        }
    }
}
