using System.Net;

namespace Eals.Masa.Tests;

/// <summary>Masa:ClaimPolicy = SalesRecords: only the domain a pledge was sold to gets a voucher.</summary>
public sealed class SalesRecordsTests : IDisposable
{
    private readonly TestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Only_the_domain_in_the_sales_records_gets_a_voucher_exact_serial_before_prefix()
    {
        var colonFingerprint = string.Join(':', _world.A.Fingerprint.ToUpperInvariant().Chunk(2).Select(c => new string(c)));
        await using var masa = await MasaServer.StartAsync(
            _world.Data,
            "--Masa:ClaimPolicy", "SalesRecords",
            "--Masa:SalesRecords:BATCH-*", _world.B.Fingerprint,
            "--Masa:SalesRecords:BATCH-7", colonFingerprint);

        using var batchByA = await masa.RequestVoucherAsync(_world.A.Request("BATCH-1"));
        using var batchByB = await masa.RequestVoucherAsync(_world.B.Request("BATCH-1"));
        using var exactByB = await masa.RequestVoucherAsync(_world.B.Request("BATCH-7"));
        using var exactByA = await masa.RequestVoucherAsync(_world.A.Request("BATCH-7"));
        using var unsold = await masa.RequestVoucherAsync(_world.A.Request("OTHER-1"));

        Assert.Equal(HttpStatusCode.Forbidden, batchByA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, batchByB.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, exactByB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exactByA.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unsold.StatusCode);
        Assert.Contains("no sales record", (await Json.ReadAsync(unsold)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(_world.B.Fingerprint, (await Json.ReadAsync(await masa.AdminGetAsync("/ownership/BATCH-1"))).GetProperty("domainFingerprint").GetString());
        Assert.Equal(_world.A.Fingerprint, (await Json.ReadAsync(await masa.AdminGetAsync("/ownership/BATCH-7"))).GetProperty("domainFingerprint").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await masa.AdminGetAsync("/ownership/OTHER-1")).StatusCode);
    }

    [Fact]
    public async Task A_changed_sales_record_moves_ownership_after_restart()
    {
        await using (var masa = await MasaServer.StartAsync(_world.Data, "--Masa:ClaimPolicy", "SalesRecords", "--Masa:SalesRecords:RESOLD-1", _world.A.Fingerprint))
        {
            Assert.Equal(HttpStatusCode.OK, (await masa.RequestVoucherAsync(_world.A.Request("RESOLD-1"))).StatusCode);
        }

        await using var resold = await MasaServer.StartAsync(_world.Data, "--Masa:ClaimPolicy", "SalesRecords", "--Masa:SalesRecords:RESOLD-1", _world.B.Fingerprint);
        Assert.Equal(HttpStatusCode.Forbidden, (await resold.RequestVoucherAsync(_world.A.Request("RESOLD-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await resold.RequestVoucherAsync(_world.B.Request("RESOLD-1"))).StatusCode);
        var owner = await Json.ReadAsync(await resold.AdminGetAsync("/ownership/RESOLD-1"));
        Assert.Equal(_world.B.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(_world.B.Registrar.Certificate.Subject, owner.GetProperty("registrarSubject").GetString());
    }
}
