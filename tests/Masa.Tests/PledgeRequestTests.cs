using System.Net;

namespace Eals.Masa.Tests;

/// <summary>prior-signed-voucher-request: the pledge's own request, signed with its IDevID, forwarded by the registrar.</summary>
public sealed class PledgeRequestTests : RunningMasa
{
    [Fact]
    public async Task A_request_from_this_manufacturers_pledge_is_accepted()
    {
        using var manufacturer = Manufacturer.OfDataFolder(World.Data);
        var nonce = TestDomain.NewNonce();

        using var response = await Masa.RequestVoucherAsync(World.A.Request("SN-0401", nonce, manufacturer.KeyIdentifier, manufacturer.PledgeRequest("SN-0401", nonce)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_pledge_request_signed_by_another_manufacturers_idevid_is_404()
    {
        using var foreign = Manufacturer.Foreign();
        var nonce = TestDomain.NewNonce();

        using var response = await Masa.RequestVoucherAsync(World.A.Request("SN-0402", nonce, prior: foreign.PledgeRequest("SN-0402", nonce)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Masa.AdminGetAsync("/ownership/SN-0402")).StatusCode);
    }

    [Theory]
    [InlineData("SN-0403", "SN-0404", false)]
    [InlineData("SN-0405", "SN-0405", true)]
    public async Task A_pledge_request_for_another_serial_or_nonce_is_403(string registrarSerial, string pledgeSerial, bool otherNonce)
    {
        using var manufacturer = Manufacturer.OfDataFolder(World.Data);
        var nonce = TestDomain.NewNonce();
        var prior = manufacturer.PledgeRequest(pledgeSerial, otherNonce ? TestDomain.NewNonce() : nonce);

        using var response = await Masa.RequestVoucherAsync(World.A.Request(registrarSerial, nonce, prior: prior));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Masa.AdminGetAsync("/ownership/" + registrarSerial)).StatusCode);
    }
}
