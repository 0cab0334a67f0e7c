namespace Eals.Masa.Requests;

/// <summary>
/// Why a voucher request gets no voucher: the HTTP status (RFC 8995 section 5.6), a short title for the problem
/// details and the audit log, and a detail for the operator. Nothing in it is secret.
/// </summary>
public sealed class MasaRefusal : Exception
{
    public MasaRefusal(int status, string title, string detail)
        : base($"{status} {title}: {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    public MasaRefusal(int status, string title, string detail, Exception innerException)
        : base($"{status} {title}: {detail}", innerException)
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    public int Status { get; }

    public string Title { get; }

    public string Detail { get; }
}
