using System.Security.Cryptography;
using System.Text;
using Eals.Dashboard.Tests;
using Eals.Grains.Pledges;
using Eals.Masa.Ace;
using Eals.Masa.Signing;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Ace;
using Eals.Protocol.Coap;
using Eals.Protocol.Vouchers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eals.Integration.Tests.Ace;

/// <summary>
/// The ACE route (EALS draft section 3.2) end to end over UDP loopback against the embedded silo and its MASA as
/// authorization server: a token ordered by the manufacturer, POST /authz-info, introspection, the Client Token with
/// the voucher, OSCORE, EST; and the refusals: expired, revoked, another audience or scope, forged or never issued, a
/// Client Token that does not open. Secrets must appear in neither logs nor stored state.
/// </summary>
public sealed class AceEnrollmentTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-ace-" + Guid.NewGuid().ToString("N"));
    private readonly CapturedLogs _logs = new();
    private RegistrarHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:UnknownPledges", "Reject");
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial() => "EALS-DEMO-ACE-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    [Fact]
    public async Task A_pledge_enrolls_with_its_access_token_and_ends_as_an_edhoc_pledge_does()
    {
        var token = await _host.TokenForAsync(NewSerial());
        var (connection, _, enroller) = await _host.ConnectAsync(_host.Credentials(token));
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Contains($"SERIALNUMBER={token.Serial}", result.Certificate!.Subject.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        string pem = Path.Combine(_data, "ace-issued.pem");
        await File.WriteAllTextAsync(pem, result.Certificate.ExportCertificatePem());
        var (exit, output) = OpenSsl.Run("verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), pem);
        Assert.True(exit == 0, output);
        // The voucher in the Client Token names the pledge and pins this domain.
        Assert.Equal(token.Serial, enroller.LastVoucher!.SerialNumber);
        Assert.Equal(_host.Pki.DomainCa.Certificate.RawData, enroller.DomainTrustAnchor!.RawData);

        var view = await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(PledgeCredentialKind.AccessToken, view.Identity!.Kind);
        Assert.Equal(result.Certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Contains(view.Timeline, e => e.Step == "ace" && e.Outcome == "authenticated");
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
        var record = await _host.FindCertificateAsync(view.Certificate.SerialHex);
        Assert.Equal(token.Serial, record!.PledgeSerial);
    }

    [Fact]
    public async Task The_enroll_ace_command_enrolls_from_the_files_the_manufacturer_installed()
    {
        var token = await _host.TokenForAsync(NewSerial());
        string folder = Path.Combine(_data, "cli-" + token.Serial);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "token"), token.Token + "\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "client.key"), token.ClientKey + "\n");
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await Eals.Pledge.AceEnrollCommand.RunAsync(
            ["--token", Path.Combine(folder, "token"), "--client-key", Path.Combine(folder, "client.key"), "--masa", Path.Combine(_data, "manufacturer", "ca.pem"),
             "--serial", token.Serial, "--registrar", _host.Registrar.ToString(), "--out", folder], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "ldevid.pem")));
        Assert.Contains("enrolled:", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await Eals.Pledge.AceEnrollCommand.RunAsync(["--token", "x"], output, error));
    }

    [Fact]
    public async Task A_repeated_authz_info_post_gets_the_same_answer()
    {
        var token = await _host.TokenForAsync(NewSerial());
        var (connection, channel, _) = await _host.ConnectAsync(_host.Credentials(token));
        await using var _ = connection;
        var body = new AuthzInfoRequest(_host.Credentials(token).AccessToken, RandomNumberGenerator.GetBytes(8), [0x01]).Encode();

        var first = await PostAsync(channel, body);
        var second = await PostAsync(channel, body);

        Assert.Equal(CoapCode.Created, first.Code);
        Assert.Equal(CoapContentFormat.AceCbor, first.ContentFormat);
        Assert.Equal(first.Payload.ToArray(), second.Payload.ToArray());
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_4_01_and_changes_nothing()
    {
        string serial = NewSerial();
        var issuer = _host.Services.GetRequiredService<AccessTokenIssuer>();
        var token = issuer.Issue(new AccessTokenOrder(serial, _host.Audience(), LifetimeSeconds: 3600), DateTimeOffset.UtcNow.AddHours(-2));

        var response = await PostTokenAsync(_host.Credentials(token).AccessToken);

        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.Contains("not active", RegistrarChannel.Diagnostic(response), StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.Unknown, (await _host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync()).Status);
    }

    [Fact]
    public async Task A_token_the_manufacturer_revoked_is_refused_with_4_01_and_changes_nothing()
    {
        var token = await _host.TokenForAsync(NewSerial());
        using (var http = new HttpClient())
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, new Uri(_host.Http, $"masa/ace/tokens/{token.TokenId}")))
        {
            revoke.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                (await File.ReadAllTextAsync(Path.Combine(_host.Data, "masa", "admin.token"))).Trim());
            (await http.SendAsync(revoke)).EnsureSuccessStatusCode();
        }

        var response = await PostTokenAsync(_host.Credentials(token).AccessToken);

        Assert.Equal(CoapCode.Unauthorized, response.Code);
        Assert.Contains("not active", RegistrarChannel.Diagnostic(response), StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.Unknown, (await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync()).Status);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_4_03()
    {
        var token = await _host.TokenForAsync(NewSerial(), audience: "registrar.other-domain.example");
        var (connection, _, enroller) = await _host.ConnectAsync(_host.Credentials(token));
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.False(result.Succeeded);
        Assert.Equal("authz-info", result.FailedStep);
        Assert.Contains("4.03", result.Reason, StringComparison.Ordinal);
        Assert.Contains("registrar.other-domain.example", result.Reason, StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.Unknown, (await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync()).Status);
    }

    [Fact]
    public async Task A_token_without_the_eals_scope_is_refused_with_4_03()
    {
        var token = await _host.TokenForAsync(NewSerial(), scope: "/firmware");

        var response = await PostTokenAsync(_host.Credentials(token).AccessToken);

        Assert.Equal(CoapCode.Forbidden, response.Code);
        Assert.Contains("/eals", RegistrarChannel.Diagnostic(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_and_never_issued_tokens_are_refused_with_4_01()
    {
        var claims = new AccessTokenClaims("EALS Demo MASA", NewSerial(), _host.Audience(), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, RandomNumberGenerator.GetBytes(16), "/eals");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] forged = CoseSign1.Sign(claims.Encode(), new CoseSigner(forger, null, []));
        // Signed with the AS's own key, but never recorded as issued: still unknown.
        byte[] neverIssued = CoseSign1.Sign(claims.Encode(), new CoseSigner(_host.Services.GetRequiredService<MasaSigningIdentity>().Key, null, []));

        var forgedResponse = await PostTokenAsync(forged);
        var neverIssuedResponse = await PostTokenAsync(neverIssued);
        var garbage = await PostTokenAsync(Encoding.UTF8.GetBytes("not a token"));

        Assert.Equal(CoapCode.Unauthorized, forgedResponse.Code);
        Assert.Equal(CoapCode.Unauthorized, neverIssuedResponse.Code);
        Assert.Equal(CoapCode.Unauthorized, garbage.Code);
        Assert.Equal(PledgeStatus.Unknown, (await _host.Grains.GetGrain<IPledgeGrain>(claims.Subject).GetAsync()).Status);
    }

    [Fact]
    public async Task A_client_token_that_does_not_open_fails_at_the_pledge()
    {
        var token = await _host.TokenForAsync(NewSerial());
        var genuine = _host.Credentials(token);
        var wrongKey = genuine with { ClientKey = RandomNumberGenerator.GetBytes(16) };
        var (connection, channel, enroller) = await _host.ConnectAsync(wrongKey);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();
        var response = await PostAsync(channel, new AuthzInfoRequest(genuine.AccessToken, RandomNumberGenerator.GetBytes(8), [0x02]).Encode());
        byte[] clientToken = AuthzInfoResponse.Decode(response.Payload).ClientToken;
        byte[] tampered = [.. clientToken];
        tampered[^3] ^= 0x01;

        Assert.False(result.Succeeded);
        Assert.Equal("client-token", result.FailedStep);
        Assert.NotNull(AceEnroller.OpenClientToken(clientToken, genuine.ClientKey).Voucher);
        Assert.Throws<AceFormatException>(() => AceEnroller.OpenClientToken(tampered, genuine.ClientKey));
    }

    [Fact]
    public async Task The_master_secret_and_the_client_key_are_in_neither_logs_nor_stored_state()
    {
        var token = await _host.TokenForAsync(NewSerial());
        var credentials = _host.Credentials(token);
        var (connection, _, enroller) = await _host.ConnectAsync(credentials);
        await using var _ = connection;
        var result = await enroller.EnrollAsync();
        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        // The master secret as the pledge learnt it, from a second Client Token for the same token.
        var (again, channel, _) = await _host.ConnectAsync(credentials);
        await using var __ = again;
        var response = await PostAsync(channel, new AuthzInfoRequest(credentials.AccessToken, RandomNumberGenerator.GetBytes(8), [0x03]).Encode());
        byte[] masterSecret = AceEnroller.OpenClientToken(AuthzInfoResponse.Decode(response.Payload).ClientToken, credentials.ClientKey).InputMaterial.MasterSecret;

        foreach (byte[] secret in new[] { masterSecret, credentials.ClientKey })
        {
            string hex = Convert.ToHexString(secret);
            string base64 = Convert.ToBase64String(secret).TrimEnd('=');
            string base64Url = token.ClientKey;
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(hex, StringComparison.OrdinalIgnoreCase) || line.Contains(base64, StringComparison.Ordinal)
                || (secret == credentials.ClientKey && line.Contains(base64Url, StringComparison.Ordinal)));
            foreach (string file in Directory.EnumerateFiles(_data, "*", SearchOption.AllDirectories))
            {
                byte[] content = ReadShared(file);
                Assert.False(content.AsSpan().IndexOf(secret) >= 0, $"{file} holds a secret in the clear");
                Assert.False(Encoding.ASCII.GetString(content).Contains(hex, StringComparison.OrdinalIgnoreCase), $"{file} holds a secret in hex");
            }
        }
    }

    [Fact]
    public async Task The_admission_policy_applies_a_pledge_nobody_admitted_is_refused_with_4_03()
    {
        string serial = "ACME-ACE-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var token = await _host.TokenForAsync(serial);

        var response = await PostTokenAsync(_host.Credentials(token).AccessToken);

        Assert.Equal(CoapCode.Forbidden, response.Code);
        Assert.Contains("not authorised", RegistrarChannel.Diagnostic(response), StringComparison.Ordinal);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Contains(view.Timeline, e => e.Step == "authorize" && e.Outcome == "failed");
    }

    [Fact]
    public async Task A_pledge_waiting_for_an_operator_gets_5_03_and_its_repeat_is_admitted_without_a_second_introspection()
    {
        string serial = "ACME-ACE-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var token = await _host.TokenForAsync(serial);
        var approval = _host.Grains.GetGrain<Eals.Grains.Approvals.IApprovalGrain>(serial);
        await approval.RequestAsync(new PledgeIdentity(serial, "SERIALNUMBER=" + serial, "EALS Demo MASA", PledgeCredentialKind.AccessToken, token.TokenId), null, null);
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "authz-info");
        request.Payload = new AuthzInfoRequest(_host.Credentials(token).AccessToken, RandomNumberGenerator.GetBytes(8), [0x06]).Encode();
        request.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.AceCbor);

        var waiting = await connection.Client.SendAsync(connection.Registrar, request);
        await approval.DecideAsync(true, "operator", "ticket 42");
        // The repeat after Max-Age: the AS would refuse a second voucher for the same nonce1 (409), so this 2.01
        // shows the registrar kept the first answer.
        var admitted = await connection.Client.SendAsync(connection.Registrar, request);

        Assert.Equal(CoapCode.ServiceUnavailable, waiting.Code);
        Assert.True(waiting.TryGetUInt(CoapOptionNumber.MaxAge, out _));
        Assert.Equal(CoapCode.Created, admitted.Code);
    }

    [Fact]
    public async Task A_copy_of_the_token_posted_by_someone_else_changes_nothing_about_the_pledge_until_the_key_is_used()
    {
        var token = await _host.TokenForAsync(NewSerial());

        // Someone who overheard the token (it travels in the clear) posts it with a nonce1 of their own: the
        // registrar answers, but nobody without the client key can open the Client Token and use the context.
        var copy = await PostTokenAsync(_host.Credentials(token).AccessToken);
        Assert.Equal(CoapCode.Created, copy.Code);
        var untouched = await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync();
        Assert.Equal(PledgeStatus.Unknown, untouched.Status);
        Assert.Null(untouched.Identity);
        Assert.DoesNotContain(untouched.Timeline, e => e.Step == "ace");

        // The pledge itself proves it holds the key with its first OSCORE request, and only then counts as authenticated.
        var (connection, _, enroller) = await _host.ConnectAsync(_host.Credentials(token));
        await using var _ = connection;
        var result = await enroller.EnrollAsync();
        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        var view = await _host.Grains.GetGrain<IPledgeGrain>(token.Serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Single(view.Timeline, e => e.Step == "ace" && e.Outcome == "authenticated");
    }

    [Fact]
    public async Task Only_the_manufacturer_orders_tokens_and_bad_orders_are_refused()
    {
        var (unauthorized, _) = await _host.OrderTokenAsync(new AccessTokenOrder(NewSerial(), _host.Audience()), adminToken: "not-the-admin-token-at-all-not-at-all");
        var (noAudience, _) = await _host.OrderTokenAsync(new AccessTokenOrder(NewSerial(), null));
        var (badSerial, _) = await _host.OrderTokenAsync(new AccessTokenOrder("not printable ✓", _host.Audience()));
        var (tooLong, _) = await _host.OrderTokenAsync(new AccessTokenOrder(NewSerial(), _host.Audience(), LifetimeSeconds: 400L * 24 * 3600));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, noAudience.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badSerial.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("audience", await noAudience.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<CoapMessage> PostTokenAsync(byte[] accessToken)
    {
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar) { MaxPendingWait = TimeSpan.FromSeconds(5) };
        return await PostAsync(channel, new AuthzInfoRequest(accessToken, RandomNumberGenerator.GetBytes(8), [0x04]).Encode());
    }

    private static Task<CoapMessage> PostAsync(RegistrarChannel channel, byte[] body)
    {
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, "authz-info");
        request.Payload = body;
        request.SetUInt(CoapOptionNumber.ContentFormat, CoapContentFormat.AceCbor);
        return channel.ExchangeAsync("authz-info", request);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
