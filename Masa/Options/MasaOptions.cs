using System.ComponentModel.DataAnnotations;

namespace Eals.Masa.Options;

/// <summary>The MASA's settings, section <c>Masa</c>.</summary>
public sealed class MasaOptions
{
    public const string SectionName = "Masa";

    /// <summary><c>FirstClaim</c> (default) or <c>SalesRecords</c>.</summary>
    public ClaimPolicyKind ClaimPolicy { get; set; } = ClaimPolicyKind.FirstClaim;

    /// <summary>
    /// Under <see cref="ClaimPolicyKind.SalesRecords"/>: serial number (or a prefix ending in <c>*</c>) to the SHA-256
    /// fingerprint (hex, colons allowed) of the domain CA certificate the pledge was sold to. The longest match wins.
    /// </summary>
    public Dictionary<string, string> SalesRecords { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// expires-on minus created-on of every voucher. One hour by default: the voucher is nonceful and consumed by the
    /// pledge within one enrollment, even when the registrar waits for an operator's approval first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Masa:VoucherLifetime must be between 00:01:00 and 30.00:00:00 (d.hh:mm:ss).")]
    public TimeSpan VoucherLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bearer token of the operator endpoints; generated into <c>DIR/masa/admin.token</c> when not configured.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The ownership, replay and audit database; <c>DIR/masa/masa.db</c> when not configured.</summary>
    public string? DatabasePath { get; set; }
}
