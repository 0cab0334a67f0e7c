using CsCheck;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>Assertions and input mutations shared by the voucher tests.</summary>
internal static class VoucherAssert
{
    /// <summary>The action throws a <see cref="VoucherException"/> with exactly <paramref name="expected"/>.</summary>
    public static void Error(VoucherError expected, Action action, string? name = null)
    {
        var error = Assert.Throws<VoucherException>(action);
        Assert.True(expected == error.Error, $"{name}{(name is null ? "" : ": ")}{error.Error} ({error.Message})");
    }

    /// <summary>One byte of <paramref name="valid"/> replaced, the input cut short, or one byte inserted.</summary>
    public static Gen<byte[]> Mutations(byte[] valid) =>
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 2], (position, value, kind) => kind switch
        {
            0 => (byte[])[.. valid[..position], value, .. valid[(position + 1)..]],
            1 => valid[..position],
            _ => [.. valid[..position], value, .. valid[position..]],
        });
}
