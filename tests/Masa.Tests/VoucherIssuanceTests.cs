using System.Net;
using Eals.Masa.Http;
using Eals.Protocol.Vouchers;

namespace Eals.Masa.Tests;

/// <summary>Accepted voucher requests: what the voucher says, who signed it, first claim and replay rules.</summary>
public sealed class VoucherIssuanceTests : IDisposable
{
    private readonly TestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task Issues_a_logged_voucher_signed_by_the_masa_that_pins_the_domain_ca_and_carries_nonce_and_serial()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        using var manufacturer = Manufacturer.OfDataFolder(_world.Data);
        var nonce = TestDomain.NewNonce();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await masa.RequestVoucherAsync(_world.A.Request("SN-0001", nonce, manufacturer.KeyIdentifier));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MasaMediaTypes.VoucherCoseCbor, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var masaCertificate = masa.MasaCertificate;
        var signed = CoseSign1.Verify(body, masaCertificate.PublicKey);
        Assert.Equal(masaCertificate.RawData, Assert.Single(signed.X5Chain));
        // What the pledge will do with it: its manufacturer CA is the MASA trust anchor.
        VoucherValidator.Validate(body, manufacturer.Certificate, "SN-0001", nonce, DateTimeOffset.UtcNow, new HashSet<VoucherAssertion> { VoucherAssertion.Logged });

        var voucher = VoucherCbor.DecodeVoucher(signed.Payload);
        Assert.Equal(VoucherAssertion.Logged, voucher.Assertion);
        Assert.Equal("SN-0001", voucher.SerialNumber);
        Assert.Equal(nonce, voucher.Nonce);
        Assert.Equal(_world.A.Ca.Certificate.RawData, voucher.PinnedDomainCert);
        Assert.Equal(manufacturer.KeyIdentifier, voucher.IdevidIssuer);
        Assert.InRange(voucher.CreatedOn, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(voucher.CreatedOn + TimeSpan.FromHours(1), voucher.ExpiresOn);

        using var ownership = await masa.AdminGetAsync("/ownership/SN-0001");
        var owner = await Json.ReadAsync(ownership);
        Assert.Equal(_world.A.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(_world.A.Registrar.Certificate.Subject, owner.GetProperty("registrarSubject").GetString());
    }

    [Fact]
    public async Task Voucher_lifetime_follows_configuration()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data, "--Masa:VoucherLifetime", "00:10:00");

        using var response = await masa.RequestVoucherAsync(_world.A.Request("SN-0002"));

        var voucher = VoucherCbor.DecodeVoucher(CoseSign1.ReadUnverified(await response.Content.ReadAsByteArrayAsync()).Payload);
        Assert.Equal(voucher.CreatedOn + TimeSpan.FromMinutes(10), voucher.ExpiresOn);
    }

    [Fact]
    public async Task Under_first_claim_a_second_domain_is_refused_and_the_owner_may_claim_again_with_a_new_nonce()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);

        using var first = await masa.RequestVoucherAsync(_world.A.Request("SN-0003"));
        using var other = await masa.RequestVoucherAsync(_world.B.Request("SN-0003"));
        using var again = await masa.RequestVoucherAsync(_world.A.Request("SN-0003"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("another domain", (await Json.ReadAsync(other)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var owner = await Json.ReadAsync(await masa.AdminGetAsync("/ownership/SN-0003"));
        Assert.Equal(_world.A.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(2, owner.GetProperty("voucherCount").GetInt32());
    }

    [Fact]
    public async Task A_refused_request_does_not_use_up_its_nonce()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data, "--Masa:ClaimPolicy", "SalesRecords", "--Masa:SalesRecords:SN-0007", _world.A.Fingerprint);
        var nonce = TestDomain.NewNonce();

        using var refused = await masa.RequestVoucherAsync(_world.B.Request("SN-0007", nonce));
        using var accepted = await masa.RequestVoucherAsync(_world.A.Request("SN-0007", nonce));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Concurrent_claims_by_two_domains_leave_exactly_one_owner()
    {
        await using var masa = await MasaServer.StartAsync(_world.Data);
        var requests = Enumerable.Range(0, 12).Select(i => (Domain: i % 2 == 0 ? _world.A : _world.B, Body: (i % 2 == 0 ? _world.A : _world.B).Request("SN-0006"))).ToList();

        var responses = await Task.WhenAll(requests.Select(async r => (r.Domain, (await masa.RequestVoucherAsync(r.Body)).StatusCode)));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.Domain).Distinct().ToList();
        var winner = Assert.Single(winners);
        Assert.All(responses.Where(r => r.Domain != winner), r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.All(responses.Where(r => r.Domain == winner), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var owner = await Json.ReadAsync(await masa.AdminGetAsync("/ownership/SN-0006"));
        Assert.Equal(winner.Fingerprint, owner.GetProperty("domainFingerprint").GetString());
        Assert.Equal(6, owner.GetProperty("voucherCount").GetInt32());
    }
}
