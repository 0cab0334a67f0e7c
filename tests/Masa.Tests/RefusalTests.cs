using System.Net;
using Eals.Protocol.Vouchers;

namespace Eals.Masa.Tests;

/// <summary>Bad requests get problem details with the documented status, an audit entry, and no ownership entry.</summary>
public sealed class RefusalTests : RunningMasa
{
    [Fact]
    public async Task A_tampered_signature_is_403()
    {
        var request = World.A.Request("SN-0101");
        request[^1] ^= 0x01; // last byte of the signature

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0101", "Signature invalid", serialAudited: false);
    }

    [Fact]
    public async Task A_tampered_payload_is_403()
    {
        var serial = "SN-0102"u8.ToArray();
        var request = World.A.Request("SN-0102");
        int at = request.AsSpan().IndexOf(serial);
        request[at + serial.Length - 1] = (byte)'3';

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0102", "Signature invalid", serialAudited: false);
        await AssertNotOwnedAsync("SN-0103");
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        await AssertRefusedAsync(await Masa.RequestVoucherAsync(World.A.Request("SN-0104"), "application/cbor"), HttpStatusCode.UnsupportedMediaType, "SN-0104", "Unsupported media type", serialAudited: false);
    }

    [Fact]
    public async Task An_accept_header_without_vouchers_is_406()
    {
        using var content = new ByteArrayContent(World.A.Request("SN-0105"));
        content.Headers.ContentType = new("application/voucher-cose+cbor");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/.well-known/brski/requestvoucher") { Content = content };
        request.Headers.Accept.ParseAdd("application/json");

        await AssertRefusedAsync(await Masa.Client.SendAsync(request), HttpStatusCode.NotAcceptable, "SN-0105", "Not acceptable", serialAudited: false);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xff, 0x00, 0x13 })]
    [InlineData(new byte[] { 0xd2, 0x84, 0x40, 0xa0, 0xf6, 0x40 })] // COSE_Sign1 with nothing in it
    public async Task A_garbage_body_is_400(byte[] body)
    {
        using var response = await Masa.RequestVoucherAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertAuditedAsync(null, 400);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        using var response = await Masa.RequestVoucherAsync(new byte[(64 * 1024) + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertAuditedAsync(null, 413);
    }

    [Fact]
    public async Task A_registrar_not_chaining_to_the_given_domain_ca_is_403()
    {
        var request = World.A.Sign(
            new VoucherRequest("SN-0106", VoucherAssertion.Logged, Nonce: TestDomain.NewNonce()),
            [World.A.Registrar.CertificateDer, World.B.Ca.Certificate.RawData]);

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0106", "Registrar not in domain", serialAudited: false);
    }

    [Fact]
    public async Task An_expired_registrar_certificate_is_403()
    {
        using var expired = World.A.Ca.IssueRegistrarCredential(
            Eals.Protocol.Pki.DistinguishedNames.CommonNameOnly("A Old Registrar"), DateTimeOffset.UtcNow.AddDays(-30), TimeSpan.FromDays(1), Eals.Protocol.Crypto.SystemRandomSource.Instance);
        var payload = VoucherCbor.Encode(new VoucherRequest("SN-0114", VoucherAssertion.Logged, Nonce: TestDomain.NewNonce()));
        var request = CoseSign1.Sign(payload, new CoseSigner(expired.PrivateKey, null, [expired.CertificateDer, World.A.Ca.Certificate.RawData]));

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0114", "Registrar not in domain", serialAudited: false);
    }

    [Fact]
    public async Task A_chain_ending_in_a_non_ca_is_403()
    {
        var request = World.A.Sign(
            new VoucherRequest("SN-0107", VoucherAssertion.Logged, Nonce: TestDomain.NewNonce()),
            [World.A.Registrar.CertificateDer, World.A.Registrar.CertificateDer]);

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0107", "Domain CA invalid", serialAudited: false);
    }

    [Fact]
    public async Task A_domain_ca_whose_self_signature_does_not_verify_is_403()
    {
        var corrupted = World.A.Ca.Certificate.RawData;
        corrupted[^1] ^= 0x01; // last byte of the CA's own signature: the key, and so the chain, are unchanged
        var request = World.A.Sign(
            new VoucherRequest("SN-0113", VoucherAssertion.Logged, Nonce: TestDomain.NewNonce()),
            [World.A.Registrar.CertificateDer, corrupted]);

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.Forbidden, "SN-0113", "Domain CA invalid", serialAudited: false);
    }

    [Fact]
    public async Task A_chain_without_the_domain_ca_is_400()
    {
        var request = World.A.Sign(new VoucherRequest("SN-0108", VoucherAssertion.Logged, Nonce: TestDomain.NewNonce()), [World.A.Registrar.CertificateDer]);

        using var response = await Masa.RequestVoucherAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNotOwnedAsync("SN-0108");
    }

    [Fact]
    public async Task An_idevid_issuer_of_another_manufacturer_is_404()
    {
        using var foreign = Manufacturer.Foreign();

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(World.A.Request("SN-0109", idevidIssuer: foreign.KeyIdentifier)), HttpStatusCode.NotFound, "SN-0109", "Unknown pledge");
    }

    [Fact]
    public async Task A_serial_number_outside_the_manufacturers_format_is_404()
    {
        using var response = await Masa.RequestVoucherAsync(World.A.Request("SN*0110"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertNotOwnedAsync("SN*0110");
    }

    [Fact]
    public async Task A_request_without_nonce_is_400()
    {
        var request = World.A.Sign(new VoucherRequest("SN-0111", VoucherAssertion.Logged, CreatedOn: DateTimeOffset.UtcNow));

        await AssertRefusedAsync(await Masa.RequestVoucherAsync(request), HttpStatusCode.BadRequest, "SN-0111", "Nonce missing");
    }

    [Fact]
    public async Task The_audit_log_lists_every_request_newest_first_with_its_outcome()
    {
        using var accepted = await Masa.RequestVoucherAsync(World.A.Request("SN-0112"));
        using var refused = await Masa.RequestVoucherAsync(World.B.Request("SN-0112"));
        using var garbage = await Masa.RequestVoucherAsync([1, 2, 3]);

        var audit = await Json.ReadAsync(await Masa.AdminGetAsync("/audit"));

        var entries = audit.EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(["refused", "refused", "accepted"], entries.Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal([400, 403, 200], entries.Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal(World.B.Fingerprint, entries[1].GetProperty("domainFingerprint").GetString());
        Assert.Equal(World.B.Registrar.Certificate.Subject, entries[1].GetProperty("registrarSubject").GetString());
        Assert.Equal("SN-0112", entries[2].GetProperty("serialNumber").GetString());
        Assert.Equal(World.A.Fingerprint, entries[2].GetProperty("domainFingerprint").GetString());

        var bySerial = await Json.ReadAsync(await Masa.AdminGetAsync("/audit?serial=SN-0112&limit=1"));
        Assert.Equal(403, Assert.Single(bySerial.EnumerateArray()).GetProperty("status").GetInt32());
        using var badQuery = await Masa.AdminGetAsync("/audit?limit=abc");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal("application/problem+json", badQuery.Content.Headers.ContentType?.MediaType);
    }

    /// <param name="serial">The pledge whose ownership must stay unrecorded; also the audited serial when <paramref name="serialAudited"/>.</param>
    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string serial, string title, bool serialAudited = true)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Json.ReadAsync(response);
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Equal(title, problem.GetProperty("title").GetString());
        }

        await AssertNotOwnedAsync(serial);
        await AssertAuditedAsync(serialAudited ? serial : null, (int)status);
    }

    private async Task AssertNotOwnedAsync(string serial)
    {
        using var ownership = await Masa.AdminGetAsync("/ownership/" + Uri.EscapeDataString(serial));
        Assert.Equal(HttpStatusCode.NotFound, ownership.StatusCode);
    }

    private async Task AssertAuditedAsync(string? serial, int status)
    {
        var newest = (await Json.ReadAsync(await Masa.AdminGetAsync("/audit?limit=1"))).EnumerateArray().Single();
        Assert.Equal("refused", newest.GetProperty("outcome").GetString());
        Assert.Equal(status, newest.GetProperty("status").GetInt32());
        Assert.Equal(serial, newest.GetProperty("serialNumber").GetString());
    }
}
