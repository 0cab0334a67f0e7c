using CsCheck;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>CsCheck generators of vouchers and voucher requests with every leaf present or absent.</summary>
internal static class VoucherGenerators
{
    private static readonly Gen<byte[]?> OptionalBytes = Gen.OneOf(Gen.Const(default(byte[]?)), Gen.Byte.Array[0, 40].Select(b => (byte[]?)b), Gen.Byte.Array[200, 700].Select(b => (byte[]?)b));

    /// <summary>Any instant from year 1 to 9999, at tick precision, with any whole-minute offset.</summary>
    private static readonly Gen<DateTimeOffset> Instant = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay],
        Gen.Int[-14 * 60, 14 * 60],
        (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(minutes)));

    private static readonly Gen<DateTimeOffset?> OptionalInstant = Gen.OneOf(Gen.Const(default(DateTimeOffset?)), Instant.Select(i => (DateTimeOffset?)i));

    private static readonly Gen<string> Serial = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 0, 40], Gen.String[Gen.Char['\0', '\uD7FF'], 0, 40]);

    public static readonly Gen<Voucher> Voucher = Gen.Select(
        Gen.Enum<VoucherAssertion>(), Serial, Instant, OptionalBytes, OptionalBytes, OptionalBytes, OptionalBytes,
        Gen.Select(OptionalInstant, OptionalInstant, Gen.OneOf(Gen.Const(default(bool?)), Gen.Bool.Select(b => (bool?)b))),
        (assertion, serial, created, issuer, cert, pubk, nonce, rest) =>
            new Voucher(assertion, serial, created, issuer, cert, pubk, nonce, rest.Item1, rest.Item2, rest.Item3));

    public static readonly Gen<VoucherRequest> Request = Gen.Select(
        Serial,
        Gen.OneOf(Gen.Const(default(VoucherAssertion?)), Gen.Enum<VoucherAssertion>().Select(a => (VoucherAssertion?)a)),
        OptionalBytes, OptionalBytes, OptionalInstant, OptionalBytes, OptionalBytes, OptionalBytes,
        (serial, assertion, issuer, nonce, created, cert, prior, pubk) => new VoucherRequest(serial, assertion, issuer, nonce, created, cert, prior, pubk));

    /// <summary>Field-by-field equality with byte arrays compared by content and instants by their UTC value.</summary>
    public static void AssertSame(Voucher expected, Voucher actual)
    {
        Assert.Equal(expected.Assertion, actual.Assertion);
        Assert.Equal(expected.SerialNumber, actual.SerialNumber);
        Assert.Equal(expected.CreatedOn, actual.CreatedOn);
        Assert.Equal(expected.IdevidIssuer, actual.IdevidIssuer);
        Assert.Equal(expected.PinnedDomainCert, actual.PinnedDomainCert);
        Assert.Equal(expected.PinnedDomainPublicKey, actual.PinnedDomainPublicKey);
        Assert.Equal(expected.Nonce, actual.Nonce);
        Assert.Equal(expected.ExpiresOn, actual.ExpiresOn);
        Assert.Equal(expected.LastRenewalDate, actual.LastRenewalDate);
        Assert.Equal(expected.DomainCertRevocationChecks, actual.DomainCertRevocationChecks);
    }

    public static void AssertSame(VoucherRequest expected, VoucherRequest actual)
    {
        Assert.Equal(expected.SerialNumber, actual.SerialNumber);
        Assert.Equal(expected.Assertion, actual.Assertion);
        Assert.Equal(expected.IdevidIssuer, actual.IdevidIssuer);
        Assert.Equal(expected.Nonce, actual.Nonce);
        Assert.Equal(expected.CreatedOn, actual.CreatedOn);
        Assert.Equal(expected.ProximityRegistrarCert, actual.ProximityRegistrarCert);
        Assert.Equal(expected.PriorSignedVoucherRequest, actual.PriorSignedVoucherRequest);
        Assert.Equal(expected.ProximityRegistrarPublicKey, actual.ProximityRegistrarPublicKey);
    }
}
