namespace Eals.Pledge.Enrollment;

/// <summary>A step of the enrollment was refused or failed; <see cref="Retryable"/> says whether trying again may help.</summary>
public sealed class EnrollmentStepException : Exception
{
    public EnrollmentStepException(string step, string message, bool retryable, TimeSpan? retryAfter = null)
        : base(message)
    {
        Step = step;
        Retryable = retryable;
        RetryAfter = retryAfter;
    }

    public EnrollmentStepException()
    {
        Step = "";
    }

    public EnrollmentStepException(string message)
        : base(message)
    {
        Step = "";
    }

    public EnrollmentStepException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = "";
    }

    public string Step { get; }

    public bool Retryable { get; }

    /// <summary>The wait a 5.03 asked for (its Max-Age).</summary>
    public TimeSpan? RetryAfter { get; }
}
