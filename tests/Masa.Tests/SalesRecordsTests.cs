using System.Net;

namespace Eals.Masa.Tests;

/// <summary>Masa:ClaimPolicy = SalesRecords: only the domain a pledge was sold to gets a voucher.</summary>
public sealed class SalesRecordsTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TestDomain _domainA = new("A");
    private readonly TestDomain _domainB = new("B");

    public void Dispose()
    {
        _domainA.Dispose();
        _domainB.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Only_the_domain_in_the_sales_records_gets_a_voucher_exact_serial_before_prefix()
    {
        var colonFingerprint = string.Join(':', _domainA.Fingerprint.ToUpperInvariant().Chunk(2).Select(c => new string(c)));
        await using var masa = await MasaServer.StartAsync(
            _data.Path,
            "--Masa:ClaimPolicy", "SalesRecords",
            "--Masa:SalesRecords:BATCH-*", _domainB.Fingerprint,
            "--Masa:SalesRecords:BATCH-7", colonFingerprint);

        using var batchByA = await masa.RequestVoucherAsync(_domainA.Request("BATCH-1"));
        using var batchByB = await masa.RequestVoucherAsync(_domainB.Request("BATCH-1"));
        using var exactByB = await masa.RequestVoucherAsync(_domainB.Request("BATCH-7"));
        using var exactByA = await masa.RequestVoucherAsync(_domainA.Request("BATCH-7"));
        using var unsold = await masa.RequestVoucherAsync(_domainA.Request("OTHER-1"));

        Assert.Equal(HttpStatusCode.Forbidden, batchByA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batchByB.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, exactByB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exactByA.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unsold.StatusCode);
        Assert.Contains("no sales record", (await Json.ReadAsync(unsold)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(_domainB.Fingerprint, (await Json.ReadAsync(await masa.AdminGetAsync("/ownership/BATCH-1"))).GetProperty("domainFingerprint").GetString());
        Assert.Equal(_domainA.Fingerprint, (await Json.ReadAsync(await masa.AdminGetAsync("/ownership/BATCH-7"))).GetProperty("domainFingerprint").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await masa.AdminGetAsync("/ownership/OTHER-1")).StatusCode);
    }

    [Fact]
    public async Task A_changed_sales_record_moves_ownership_after_restart()
    {
        await using (var masa = await MasaServer.StartAsync(_data.Path, "--Masa:ClaimPolicy", "SalesRecords", "--Masa:SalesRecords:RESOLD-1", _domainA.Fingerprint))
        {
            Assert.Equal(HttpStatusCode.OK, (await masa.RequestVoucherAsync(_domainA.Request("RESOLD-1"))).StatusCode);
        }

        await using var resold = await MasaServer.StartAsync(_data.Path, "--Masa:ClaimPolicy", "SalesRecords", "--Masa:SalesRecords:RESOLD-1", _domainB.Fingerprint);
        Assert.Equal(HttpStatusCode.Forbidden, (await resold.RequestVoucherAsync(_domainA.Request("RESOLD-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await resold.RequestVoucherAsync(_domainB.Request("RESOLD-1"))).StatusCode);
        var owner = await Json.ReadAsync(await resold.AdminGetAsync("/ownership/RESOLD-1"));
        Assert.Equal(_domainB.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(_domainB.Registrar.Certificate.Subject, owner.GetProperty("registrarSubject").GetString());
    }
}
