using System.Formats.Cbor;
using CsCheck;
using Eals.Protocol.Vouchers;

namespace Eals.Protocol.Tests.Vouchers;

/// <summary>The SID-keyed CBOR form of vouchers and voucher requests (draft-ietf-anima-constrained-voucher, RFC 9254).</summary>
public sealed class VoucherCborTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Voucher_round_trips_for_any_leaves() =>
        RoundTrips(VoucherGenerators.Voucher, VoucherCbor.Encode, b => VoucherCbor.DecodeVoucher(b), VoucherGenerators.AssertSame);

    [Fact]
    public void Voucher_request_round_trips_for_any_leaves() =>
        RoundTrips(VoucherGenerators.Request, VoucherCbor.Encode, b => VoucherCbor.DecodeVoucherRequest(b), VoucherGenerators.AssertSame);

    /// <summary>Decoding gives the value back, re-encoding the same bytes, and the bytes are deterministic CBOR.</summary>
    private static void RoundTrips<T>(Gen<T> values, Func<T, byte[]> encode, Func<byte[], T> decode, Action<T, T> assertSame) =>
        values.Sample(value =>
        {
            byte[] encoded = encode(value);
            assertSame(value, decode(encoded));
            Assert.Equal(encoded, encode(decode(encoded)));
            Assert.Equal(Eals.Protocol.Cbor.CborEncodingCheck.Deterministic, Eals.Protocol.Cbor.DeterministicCbor.Check(encoded));
        }, iter: 500);

    [Fact]
    public void Draft_voucher_example_decodes_and_encodes_to_the_same_bytes()
    {
        var voucher = VoucherCbor.DecodeVoucher(DraftExamples.VoucherPayload);

        Assert.Equal(VoucherAssertion.Proximity, voucher.Assertion);
        Assert.Equal("JADA123456789", voucher.SerialNumber);
        Assert.Equal(new DateTimeOffset(2022, 12, 6, 20, 23, 30, 708, TimeSpan.Zero), voucher.CreatedOn);
        Assert.False(voucher.DomainCertRevocationChecks);
        Assert.Equal(Convert.FromHexString("57EED786AD404907"), voucher.Nonce);
        Assert.Equal(0x243 + 4, voucher.PinnedDomainCert!.Length);
        Assert.Null(voucher.ExpiresOn);
        Assert.Null(voucher.PinnedDomainPublicKey);
        using var pinned = VoucherValidator.PinnedDomainCertificate(voucher);
        Assert.Contains("Custom-ER Global CA", pinned.Subject, StringComparison.Ordinal);
        Assert.Equal(DraftExamples.VoucherPayload, VoucherCbor.Encode(voucher));
    }

    [Fact]
    public void Draft_pledge_voucher_request_example_decodes_and_encodes_to_the_same_bytes()
    {
        var request = VoucherCbor.DecodeVoucherRequest(DraftExamples.PledgeVoucherRequestPayload);

        Assert.Equal("JADA123456789", request.SerialNumber);
        Assert.Equal(VoucherAssertion.Proximity, request.Assertion);
        Assert.Equal(Convert.FromHexString("23BFBBC9C2BCF213"), request.Nonce);
        Assert.Equal(91, request.ProximityRegistrarPublicKey!.Length);
        Assert.Equal(DraftExamples.PledgeVoucherRequestPayload, VoucherCbor.Encode(request));
    }

    [Fact]
    public void Keys_are_the_container_sid_then_deltas_in_sid_order()
    {
        var voucher = new Voucher(VoucherAssertion.Logged, "S1", Created, IdevidIssuer: [0xAA], PinnedDomainCert: [0xBB], PinnedDomainPublicKey: [0xCC],
            Nonce: [0xDD], ExpiresOn: Created.AddDays(1), LastRenewalDate: Created.AddDays(2), DomainCertRevocationChecks: true);

        var reader = new CborReader(VoucherCbor.Encode(voucher));
        Assert.Equal(1, reader.ReadStartMap());
        Assert.Equal(2451UL, reader.ReadUInt64());
        Assert.Equal(10, reader.ReadStartMap());
        var keys = new List<ulong>();
        for (int i = 0; i < 10; i++)
        {
            keys.Add(reader.ReadUInt64());
            reader.SkipValue();
        }
        Assert.Equal([1UL, 2, 3, 4, 5, 6, 7, 8, 9, 11], keys);

        var requestReader = new CborReader(VoucherCbor.Encode(new VoucherRequest("S1", VoucherAssertion.Proximity, [1], [2], Created, [3], [4], [5])));
        requestReader.ReadStartMap();
        Assert.Equal(2501UL, requestReader.ReadUInt64());
        Assert.Equal(8, requestReader.ReadStartMap());
        var requestKeys = new List<ulong>();
        for (int i = 0; i < 8; i++)
        {
            requestKeys.Add(requestReader.ReadUInt64());
            requestReader.SkipValue();
        }
        Assert.Equal([1UL, 2, 5, 7, 9, 10, 12, 13], requestKeys);
    }

    [Fact]
    public void Dates_are_rfc3339_text_in_utc()
    {
        var voucher = new Voucher(VoucherAssertion.Verified, "S", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));

        var reader = new CborReader(VoucherCbor.Encode(voucher));
        reader.ReadStartMap();
        reader.ReadUInt64();
        reader.ReadStartMap();
        reader.ReadUInt64();
        reader.SkipValue();
        Assert.Equal(2UL, reader.ReadUInt64());
        Assert.Equal("2026-01-02T01:04:05Z", reader.ReadTextString());
    }

    [Theory]
    [InlineData("2026-01-02T01:04:05+02:00")]
    [InlineData("2026-01-02T01:04:05.1234567-11:30")]
    public void Dates_with_offsets_are_read(string text)
    {
        var voucher = VoucherCbor.DecodeVoucher(Container(2451, (1, w => w.WriteUInt64(0)), (2, w => w.WriteTextString(text)), (11, w => w.WriteTextString("S"))));

        Assert.Equal(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture), voucher.CreatedOn);
    }

    public static TheoryData<string, byte[], VoucherError> MalformedVouchers()
    {
        var good = VoucherCbor.Encode(new Voucher(VoucherAssertion.Proximity, "S", Created, Nonce: [1, 2]));
        return new()
        {
            { "empty input", [], VoucherError.Malformed },
            { "truncated", good[..^1], VoucherError.Malformed },
            { "trailing byte", [.. good, 0x00], VoucherError.Malformed },
            { "trailing item", [.. good, .. good], VoucherError.Malformed },
            { "not a map", Convert.FromHexString("8101"), VoucherError.Malformed },
            { "two containers", Convert.FromHexString("A2190993A0190994A0"), VoucherError.Malformed },
            { "request container", VoucherCbor.Encode(new VoucherRequest("S")), VoucherError.UnknownKey },
            { "container not a map", Convert.FromHexString("A119099301"), VoucherError.Malformed },
            { "text key", Container(2451, w => w.WriteTextString("assertion"), w => w.WriteUInt64(0)), VoucherError.Malformed },
            { "negative delta", Container(2451, w => w.WriteInt64(-1), w => w.WriteUInt64(0)), VoucherError.Malformed },
            { "absolute SID tag 47", Container(2451, w => { w.WriteTag((CborTag)47); w.WriteUInt64(2452); }, w => w.WriteUInt64(0)), VoucherError.Malformed },
            { "unknown delta 12", Container(2451, (1, w => w.WriteUInt64(0)), (2, w => w.WriteTextString("2026-01-01T00:00:00Z")), (11, w => w.WriteTextString("S")), (12, w => w.WriteUInt64(0))), VoucherError.UnknownKey },
            { "pinned-domain-pubk-sha256 (not modelled)", Container(2451, (10, w => w.WriteByteString([1]))), VoucherError.UnknownKey },
            { "missing assertion", Container(2451, (2, w => w.WriteTextString("2026-01-01T00:00:00Z")), (11, w => w.WriteTextString("S"))), VoucherError.Malformed },
            { "missing created-on", Container(2451, (1, w => w.WriteUInt64(0)), (11, w => w.WriteTextString("S"))), VoucherError.Malformed },
            { "missing serial-number", Container(2451, (1, w => w.WriteUInt64(0)), (2, w => w.WriteTextString("2026-01-01T00:00:00Z"))), VoucherError.Malformed },
            { "assertion as text", Valid((1, w => w.WriteTextString("proximity"))), VoucherError.Malformed },
            { "assertion 3", Valid((1, w => w.WriteUInt64(3))), VoucherError.Malformed },
            { "assertion negative", Valid((1, w => w.WriteInt64(-1))), VoucherError.Malformed },
            { "created-on as integer", Valid((2, w => w.WriteUInt64(1_700_000_000))), VoucherError.Malformed },
            { "created-on not RFC 3339", Valid((2, w => w.WriteTextString("2026-01-01 00:00:00"))), VoucherError.Malformed },
            { "created-on without offset", Valid((2, w => w.WriteTextString("2026-01-01T00:00:00"))), VoucherError.Malformed },
            { "created-on month 13", Valid((2, w => w.WriteTextString("2026-13-01T00:00:00Z"))), VoucherError.Malformed },
            { "revocation checks as integer", Valid((3, w => w.WriteUInt64(1))), VoucherError.Malformed },
            { "nonce as text", Valid((7, w => w.WriteTextString("nonce"))), VoucherError.Malformed },
            { "pinned cert as array", Valid((8, w => { w.WriteStartArray(0); w.WriteEndArray(); })), VoucherError.Malformed },
            { "serial as bytes", Valid((11, w => w.WriteByteString([0x53]))), VoucherError.Malformed },
            { "serial as invalid UTF-8", Replace(Valid(), "6153", "61FF"), VoucherError.Malformed },
            { "unsorted keys", Swap(good), VoucherError.NonDeterministicEncoding },
            { "duplicate key", Container(2451, (1, w => w.WriteUInt64(0)), (1, w => w.WriteUInt64(1)), (2, w => w.WriteTextString("2026-01-01T00:00:00Z")), (11, w => w.WriteTextString("S"))), VoucherError.NonDeterministicEncoding },
            { "long-form integer", Replace(good, "A1190993", "A11A00000993"), VoucherError.NonDeterministicEncoding },
            { "indefinite-length map", Replace(good, "A1190993A4", "A1190993BF", append: "FF"), VoucherError.NonDeterministicEncoding },
            { "reserved additional information", Convert.FromHexString("A1190993A101FC"), VoucherError.Malformed },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedVouchers))]
    public void Malformed_voucher_gives_its_typed_error(string name, byte[] cbor, VoucherError expected)
    {
        VoucherAssert.Error(expected, () => VoucherCbor.DecodeVoucher(cbor), name);
    }

    public static TheoryData<string, byte[], VoucherError> MalformedRequests() => new()
    {
        { "voucher container", VoucherCbor.Encode(new Voucher(VoucherAssertion.Logged, "S", Created)), VoucherError.UnknownKey },
        { "missing serial-number", Container(2501, (1, w => w.WriteUInt64(2))), VoucherError.Malformed },
        { "expires-on (not a request leaf here)", Container(2501, (4, w => w.WriteTextString("2026-01-01T00:00:00Z")), (13, w => w.WriteTextString("S"))), VoucherError.UnknownKey },
        { "pinned-domain-cert in a request", Container(2501, (8, w => w.WriteByteString([1])), (13, w => w.WriteTextString("S"))), VoucherError.UnknownKey },
        { "unknown delta 14", Container(2501, (13, w => w.WriteTextString("S")), (14, w => w.WriteUInt64(0))), VoucherError.UnknownKey },
        { "prior request as text", Container(2501, (9, w => w.WriteTextString("x")), (13, w => w.WriteTextString("S"))), VoucherError.Malformed },
        { "trailing byte", [.. VoucherCbor.Encode(new VoucherRequest("S")), 0xF6], VoucherError.Malformed },
        { "truncated", VoucherCbor.Encode(new VoucherRequest("SERIAL"))[..^2], VoucherError.Malformed },
        { "non-deterministic", Container(2501, (13, w => w.WriteTextString("S")), (1, w => w.WriteUInt64(2))), VoucherError.NonDeterministicEncoding },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Malformed_voucher_request_gives_its_typed_error(string name, byte[] cbor, VoucherError expected)
    {
        VoucherAssert.Error(expected, () => VoucherCbor.DecodeVoucherRequest(cbor), name);
    }

    [Fact]
    public void Random_bytes_and_mutations_give_only_voucher_exceptions()
    {
        var good = VoucherCbor.Encode(new Voucher(VoucherAssertion.Proximity, "SERIAL-1", Created, [1, 2], [3, 4, 5], null, [6, 7], Created.AddDays(3)));
        VoucherAssert.Mutations(good).Sample(DecodeOrRefuse, iter: 2000);
        Gen.Byte.Array[0, 100].Sample(DecodeOrRefuse, iter: 2000);
    }

    private static void DecodeOrRefuse(byte[] input)
    {
        try
        {
            VoucherCbor.DecodeVoucher(input);
        }
        catch (VoucherException)
        {
        }
        try
        {
            VoucherCbor.DecodeVoucherRequest(input);
        }
        catch (VoucherException)
        {
        }
    }

    /// <summary>A valid voucher container with one leaf replaced (or added).</summary>
    private static byte[] Valid(params (ulong Delta, Action<CborWriter> Write)[] replace)
    {
        var leaves = new SortedDictionary<ulong, Action<CborWriter>>
        {
            [1] = w => w.WriteUInt64(0),
            [2] = w => w.WriteTextString("2026-01-01T00:00:00Z"),
            [11] = w => w.WriteTextString("S"),
        };
        foreach (var (delta, write) in replace)
        {
            leaves[delta] = write;
        }
        return Container(2451, [.. leaves.Select(l => (l.Key, l.Value))]);
    }

    private static byte[] Container(ulong sid, params (ulong Delta, Action<CborWriter> Write)[] leaves)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteUInt64(sid);
        writer.WriteStartMap(leaves.Length);
        foreach (var (delta, write) in leaves)
        {
            writer.WriteUInt64(delta);
            write(writer);
        }
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] Container(ulong sid, Action<CborWriter> writeKey, Action<CborWriter> writeValue)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap(1);
        writer.WriteUInt64(sid);
        writer.WriteStartMap(1);
        writeKey(writer);
        writeValue(writer);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private static byte[] Replace(byte[] encoded, string fromHex, string toHex, string append = "")
    {
        string hex = Convert.ToHexString(encoded);
        int at = hex.IndexOf(fromHex, StringComparison.Ordinal);
        Assert.True(at >= 0 && at % 2 == 0, $"{fromHex} not found in {hex}");
        return Convert.FromHexString(hex[..at] + toHex + hex[(at + fromHex.Length)..] + append);
    }

    /// <summary>The voucher with its first two leaves swapped (assertion after created-on).</summary>
    private static byte[] Swap(byte[] good)
    {
        var voucher = VoucherCbor.DecodeVoucher(good);
        return Container(2451,
            (2, w => w.WriteTextString("2026-11-25T16:00:00Z")),
            (1, w => w.WriteUInt64((ulong)voucher.Assertion)),
            (7, w => w.WriteByteString(voucher.Nonce!)),
            (11, w => w.WriteTextString(voucher.SerialNumber)));
    }
}
