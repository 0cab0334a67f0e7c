namespace Eals.Grains.Vouchers;

/// <summary>
/// The MASA's answer: a voucher, a refusal (final), or unreachable (try again later). <see cref="Repeatable"/>:
/// the MASA is known to give the same voucher again for the same request (ours does), so a registrar that loses
/// it in a crash may simply ask again instead of storing it before going on.
/// </summary>
public sealed record MasaResponse(byte[]? Voucher, string? Refusal, string? Unreachable, bool Repeatable = false)
{
    public static MasaResponse Issued(byte[] voucher, bool repeatable = false) => new(voucher, null, null, repeatable);

    public static MasaResponse Refused(string reason) => new(null, reason, null);

    public static MasaResponse Down(string reason) => new(null, null, reason);

    /// <summary>A MASA's answer without a voucher, by its HTTP status: 5xx and 429 are the MASA's trouble, not a decision about this pledge.</summary>
    public static MasaResponse NotIssued(int status, string detail) =>
        status >= 500 || status == 429 ? Down(detail) : Refused(detail);
}
