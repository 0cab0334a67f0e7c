namespace Eals.Grains.Enrollment;

/// <summary>The resources served over OSCORE: EST-coaps (RFC 9148 section 4.1) and the EALS draft's own.</summary>
public static class EstPaths
{
    public const string SimpleEnroll = ".well-known/est/sen";
    public const string SimpleReEnroll = ".well-known/est/sren";
    public const string CaCertificates = ".well-known/est/crts";
    public const string CsrAttributes = ".well-known/est/att";
    /// <summary>Server-side key generation (RFC 9148 section 4.8): the registrar makes the key pair.</summary>
    public const string ServerKeyGeneration = ".well-known/est/skg";
    /// <summary>draft-selander-ace-eals Figure 1: POST PKCS#10, answered with a PKCS#7 certs-only.</summary>
    public const string Eals = "eals";
    /// <summary>Constrained BRSKI telemetry: voucher status and enroll status (RFC 8995 sections 5.7, 5.9.4).</summary>
    public const string VoucherStatus = ".well-known/brski/vs";
    public const string EnrollStatus = ".well-known/brski/es";

    public static IReadOnlyList<string> All { get; } = [SimpleEnroll, SimpleReEnroll, CaCertificates, CsrAttributes, Eals, VoucherStatus, EnrollStatus, ServerKeyGeneration];
}
