namespace Eals.Protocol.Vouchers;

/// <summary>A voucher, voucher request or COSE_Sign1 was refused; <see cref="Error"/> says why.</summary>
public sealed class VoucherException : Exception
{
    public VoucherException(VoucherError error, string message)
        : base(message) => Error = error;

    public VoucherException(VoucherError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    public VoucherError Error { get; }
}
