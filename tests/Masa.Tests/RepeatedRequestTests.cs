using System.Net;
using Eals.Protocol.Crypto;
using Eals.Protocol.Pki;
using Eals.Protocol.Vouchers;
using Microsoft.Data.Sqlite;

namespace Eals.Masa.Tests;

/// <summary>
/// A pledge's nonce is single-use, except that the same request repeated (same pledge, nonce, registrar and domain:
/// the registrar lost the first answer, say in a crash) gets the voucher issued for it again, never a second one.
/// </summary>
public sealed class RepeatedRequestTests : IDisposable
{
    private readonly TestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task The_same_request_repeated_gets_the_same_voucher_bytes_and_no_second_voucher()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        var nonce = TestDomain.NewNonce();
        var request = _world.A.Request("SN-0101", nonce);

        using var first = await masa.RequestVoucherAsync(request);
        using var identical = await masa.RequestVoucherAsync(request);
        // Built again by the registrar (a new created-on, so other bytes): the same request all the same.
        using var rebuilt = await masa.RequestVoucherAsync(_world.A.Request("SN-0101", nonce));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, identical.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var voucher = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(voucher, await identical.Content.ReadAsByteArrayAsync());
        Assert.Equal(voucher, await rebuilt.Content.ReadAsByteArrayAsync());
        var owner = await Json.ReadAsync(await masa.AdminGetAsync("/ownership/SN-0101"));
        Assert.Equal(1, owner.GetProperty("voucherCount").GetInt32());
    }

    [Fact]
    public async Task The_same_nonce_from_another_domain_or_another_registrar_is_still_refused()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        var nonce = TestDomain.NewNonce();
        using var otherRegistrar = _world.A.Ca.IssueRegistrarCredential(DistinguishedNames.CommonNameOnly("A Registrar 2"), DateTimeOffset.UtcNow, TimeSpan.FromDays(30), SystemRandomSource.Instance);
        var fromOtherRegistrar = CoseSign1.Sign(
            VoucherCbor.Encode(new VoucherRequest("SN-0102", VoucherAssertion.Logged, null, nonce, DateTimeOffset.UtcNow)),
            new CoseSigner(otherRegistrar.PrivateKey, null, [otherRegistrar.CertificateDer, _world.A.Ca.Certificate.RawData]));

        using var first = await masa.RequestVoucherAsync(_world.A.Request("SN-0102", nonce));
        using var otherDomain = await masa.RequestVoucherAsync(_world.B.Request("SN-0102", nonce));
        using var sameDomainOtherRegistrar = await masa.RequestVoucherAsync(fromOtherRegistrar);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherDomain.StatusCode);
        Assert.Equal("Replayed nonce", (await Json.ReadAsync(otherDomain)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, sameDomainOtherRegistrar.StatusCode);
        Assert.Equal("Replayed nonce", (await Json.ReadAsync(sameDomainOtherRegistrar)).GetProperty("title").GetString());
        var owner = await Json.ReadAsync(await masa.AdminGetAsync("/ownership/SN-0102"));
        Assert.Equal(1, owner.GetProperty("voucherCount").GetInt32());
    }

    [Fact]
    public async Task The_same_registrar_passing_on_another_pledge_request_with_that_nonce_is_refused()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        using var manufacturer = Manufacturer.OfDataFolder(_world.Data);
        var nonce = TestDomain.NewNonce();
        var pledgeRequest = manufacturer.PledgeRequest("SN-0106", nonce);

        using var first = await masa.RequestVoucherAsync(_world.A.Request("SN-0106", nonce, manufacturer.KeyIdentifier, pledgeRequest));
        using var repeated = await masa.RequestVoucherAsync(_world.A.Request("SN-0106", nonce, manufacturer.KeyIdentifier, pledgeRequest));
        // Signed anew by a pledge with the same nonce: not the request that was answered.
        using var other = await masa.RequestVoucherAsync(_world.A.Request("SN-0106", nonce, manufacturer.KeyIdentifier, manufacturer.PledgeRequest("SN-0106", nonce)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await repeated.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("Replayed nonce", (await Json.ReadAsync(other)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_repeat_after_the_masa_restarted_gets_the_voucher_it_stored_and_another_registrar_still_409()
    {
        var nonce = TestDomain.NewNonce();
        using var manufacturer = Manufacturer.OfDataFolder(_world.Data);
        var pledgeRequest = manufacturer.PledgeRequest("SN-0107", nonce);
        byte[] voucher;
        await using (var before = await MasaServer.StartAsync(_world.Data))
        {
            using var first = await before.RequestVoucherAsync(_world.A.Request("SN-0107", nonce, manufacturer.KeyIdentifier, pledgeRequest));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            voucher = await first.Content.ReadAsByteArrayAsync();
        }

        await using var after = await MasaServer.StartAsync(_world.Data);
        using var repeated = await after.RequestVoucherAsync(_world.A.Request("SN-0107", nonce, manufacturer.KeyIdentifier, pledgeRequest));
        using var otherDomain = await after.RequestVoucherAsync(_world.B.Request("SN-0107", nonce, manufacturer.KeyIdentifier, pledgeRequest));

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(voucher, await repeated.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Conflict, otherDomain.StatusCode);
        var owner = await Json.ReadAsync(await after.AdminGetAsync("/ownership/SN-0107"));
        Assert.Equal(1, owner.GetProperty("voucherCount").GetInt32());
    }

    [Fact]
    public async Task The_same_nonce_for_another_serial_is_another_request_and_gets_its_own_voucher()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        var nonce = TestDomain.NewNonce();

        using var first = await masa.RequestVoucherAsync(_world.A.Request("SN-0103", nonce));
        using var otherSerial = await masa.RequestVoucherAsync(_world.A.Request("SN-0104", nonce));
        using var otherSerialAgain = await masa.RequestVoucherAsync(_world.B.Request("SN-0104", nonce));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherSerial.StatusCode);
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await otherSerial.Content.ReadAsByteArrayAsync());
        Assert.Equal("SN-0104", VoucherCbor.DecodeVoucher(CoseSign1.ReadUnverified(await otherSerial.Content.ReadAsByteArrayAsync()).Payload).SerialNumber);
        Assert.Equal(HttpStatusCode.Conflict, otherSerialAgain.StatusCode);
    }

    [Fact]
    public async Task A_nonce_answered_by_an_earlier_release_without_its_voucher_stays_refused()
    {
        var nonce = TestDomain.NewNonce();
        var folder = Path.Combine(_world.Data, MasaEndpoints.FolderName);
        Directory.CreateDirectory(folder);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, MasaEndpoints.DatabaseFileName)};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE used_nonce (serial TEXT NOT NULL, nonce BLOB NOT NULL, at TEXT NOT NULL, PRIMARY KEY (serial, nonce)) WITHOUT ROWID;
                INSERT INTO used_nonce (serial, nonce, at) VALUES ('SN-0105', $nonce, '2025-01-01T00:00:00.0000000+00:00');
                """;
            command.Parameters.AddWithValue("$nonce", nonce);
            command.ExecuteNonQuery();
        }

        await using var masa = await MasaServer.StartAsync(_world.Data);
        using var repeated = await masa.RequestVoucherAsync(_world.A.Request("SN-0105", nonce));
        using var fresh = await masa.RequestVoucherAsync(_world.A.Request("SN-0105"));

        Assert.Equal(HttpStatusCode.Conflict, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }
}
