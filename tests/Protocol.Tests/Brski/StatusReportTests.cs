using System.Formats.Cbor;
using Eals.Protocol.Brski;

namespace Eals.Protocol.Tests.Brski;

/// <summary>Voucher and enroll status telemetry (RFC 8995 5.7, 5.9.4) in CBOR.</summary>
public sealed class StatusReportTests
{
    [Theory]
    [InlineData(true, null, null)]
    [InlineData(false, "voucher refused", null)]
    [InlineData(false, "bad CA", "pinned-domain-cert did not match")]
    public void Reports_round_trip(bool status, string? reason, string? context)
    {
        var report = new StatusReport(status, reason, context);

        Assert.Equal(report, StatusReport.TryDecode(report.Encode()));
    }

    [Fact]
    public void The_encoding_is_a_definite_text_keyed_map()
    {
        var reader = new CborReader(new StatusReport(true, "ok").Encode(), CborConformanceMode.Canonical);

        Assert.Equal(3, reader.ReadStartMap());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a0")]                              // {} without version and status
    [InlineData("a2677665727369736f6e02667374617475732f5")] // truncated
    [InlineData("a26776657273696f6e0266737461747573f5ff")]   // trailing byte
    [InlineData("a26776657273696f6e026673746174757301")]     // status not a boolean
    [InlineData("a26776657273696f6e096673746174757366")]     // wrong version
    public void Anything_else_is_not_a_report(string hex)
    {
        Assert.Null(StatusReport.TryDecode(Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex[..^1])));
    }
}
