using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Eals.Gateway.Transport;
using Eals.Grains.Oscore;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Coap;
using Eals.Protocol.Est;
using Eals.Protocol.Oscore;

namespace Eals.Integration.Tests;

/// <summary>
/// Whole enrollments over real UDP loopback against the embedded silo: EDHOC (reverse flow) with the
/// IDevID, EST over OSCORE, state in grains, certificates checked by openssl.
/// </summary>
public sealed class EnrollmentTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-it-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistrarHost.StartAsync(_data, 0, "--Registrar:UnknownPledges", "Reject");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private static string NewSerial(string prefix = "EALS-DEMO-IT-") => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    [Fact]
    public async Task A_pledge_enrolls_and_openssl_verifies_its_certificate()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Contains($"SERIALNUMBER={pledge.SerialNumber}", result.Certificate!.Subject.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        string pem = Path.Combine(_data, "issued.pem");
        await File.WriteAllTextAsync(pem, result.Certificate.ExportCertificatePem());
        var (exit, output) = OpenSsl.Run("verify", "-CAfile", Path.Combine(_data, "ca", "ca.pem"), pem);
        Assert.True(exit == 0, output);
        Assert.Contains(": OK", output, StringComparison.Ordinal);

        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(result.Certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Contains(view.Timeline, e => e.Step == "edhoc" && e.Outcome == "authenticated");
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
    }

    [Fact]
    public async Task The_eals_alias_answers_certs_only_that_openssl_parses_and_crts_and_att_are_served()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        using var context = await enroller.RunEdhocAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var eals = await enroller.ProtectedExchangeAsync(context, "eals", Pkcs10RequestBuilder.ForDevice(key, pledge.SerialNumber));
        var crts = await enroller.ProtectedExchangeAsync(context, ".well-known/est/crts", []);
        var att = await enroller.ProtectedExchangeAsync(context, ".well-known/est/att", []);

        Assert.Equal(CoapCode.Changed, eals.Code);
        Assert.Equal(CoapContentFormat.Pkcs7CertsOnly, eals.ContentFormat);
        string p7 = Path.Combine(_data, "eals.p7");
        await File.WriteAllBytesAsync(p7, eals.Payload.ToArray());
        var (exit, output) = OpenSsl.Run("pkcs7", "-inform", "DER", "-in", p7, "-print_certs", "-noout");
        Assert.True(exit == 0, output);
        Assert.Contains(pledge.SerialNumber, output, StringComparison.Ordinal);
        Assert.Contains("EALS Domain CA", output, StringComparison.Ordinal);

        Assert.Equal(CoapCode.Content, crts.Code);
        Assert.Equal(CoapContentFormat.Pkcs7CertsOnly, crts.ContentFormat);
        await File.WriteAllBytesAsync(p7, crts.Payload.ToArray());
        (exit, output) = OpenSsl.Run("pkcs7", "-inform", "DER", "-in", p7, "-print_certs", "-noout");
        Assert.True(exit == 0, output);
        Assert.Contains("EALS Domain CA", output, StringComparison.Ordinal);

        Assert.Equal(CoapCode.Content, att.Code);
        Assert.Equal(CoapContentFormat.CsrAttrs, att.ContentFormat);
        Assert.NotEmpty(CsrAttributes.Parse(att.Payload));
    }

    [Fact]
    public async Task Re_enrollment_with_the_current_certificate_supersedes_it()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        var first = await enroller.EnrollAsync();
        Assert.True(first.Succeeded, first.Reason);

        // With the IDevID, /sren is refused: re-enrollment is for the holder of the current certificate.
        using (var idevidContext = await enroller.RunEdhocAsync())
        {
            using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var refused = await enroller.ProtectedExchangeAsync(idevidContext, ".well-known/est/sren", Pkcs10RequestBuilder.ForDevice(otherKey, pledge.SerialNumber));
            Assert.Equal(CoapCode.Forbidden, refused.Code);
        }

        var holder = new PledgeCredentials(pledge.SerialNumber, first.Certificate!, first.Key!, pledge.RegistrarTrustAnchor);
        var reEnroller = new PledgeEnroller(connection.Client, connection.Registrar, holder, Protocol.Crypto.SystemRandomSource.Instance);
        using var context = await reEnroller.RunEdhocAsync();
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = await reEnroller.RequestCertificateAsync(context, newKey, ".well-known/est/sren");

        Assert.NotEqual(first.Certificate!.SerialNumber, second.SerialNumber);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.ReEnrolled, view.Status);
        Assert.Equal(second.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Contains(first.Certificate.SerialNumber, view.SupersededSerials, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_csr_for_another_identity_gets_4_03_and_no_certificate()
    {
        var pledge = _host.MintPledge(NewSerial());
        var (connection, enroller) = await _host.ConnectAsync(pledge);
        await using var _ = connection;
        using var context = await enroller.RunEdhocAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var response = await enroller.ProtectedExchangeAsync(context, ".well-known/est/sen", Pkcs10RequestBuilder.ForDevice(key, "EALS-DEMO-SOMEONE-ELSE"));

        Assert.Equal(CoapCode.Forbidden, response.Code);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Null(view.Certificate);
        Assert.Equal(PledgeStatus.Failed, view.Status);
        Assert.Null((await _host.Grains.GetGrain<IPledgeGrain>("EALS-DEMO-SOMEONE-ELSE").GetAsync()).Certificate);
    }

    [Fact]
    public async Task An_unknown_pledge_is_refused_in_edhoc_and_gets_no_oscore_context()
    {
        var stranger = _host.MintPledge(NewSerial("NOT-ALLOWED-"));
        var (connection, enroller) = await _host.ConnectAsync(stranger);
        await using var _ = connection;

        var failure = await Assert.ThrowsAsync<EnrollmentStepException>(() => enroller.RunEdhocAsync());

        Assert.Equal("edhoc", failure.Step);
        Assert.Contains("not authorised", failure.Message, StringComparison.Ordinal);
        var probe = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post);
        probe.AddOption(CoapOptionNumber.Oscore, new OscoreOptionValue([1], null, enroller.LastConnectionIdI).Encode());
        probe.Payload = new byte[16];
        var answer = CoapMessageParser.Parse((await _host.Grains.GetGrain<ISecurityContextGrain>(Convert.ToHexStringLower(enroller.LastConnectionIdI!)).HandleAsync(CoapMessageSerializer.Serialize(probe), "test-site", "test-pledge")).Message);
        Assert.Equal(CoapCode.Unauthorized, answer.Message!.Code);
        Assert.Equal("Security context not found", Encoding.UTF8.GetString(answer.Message.Payload.Span));
        var view = await _host.Grains.GetGrain<IPledgeGrain>(stranger.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Failed, view.Status);
        Assert.Contains(view.Timeline, e => e.Step == "authorize" && e.Outcome == "failed");
    }

    [Fact]
    public async Task A_repeated_oscore_request_gets_the_same_protected_answer_and_issues_no_second_certificate()
    {
        await using var csr = await ProtectedCsr.PrepareAsync(_host, NewSerial());
        var (pledge, context, protection, grain) = (csr.Pledge, csr.Context, csr.Protection, csr.Grain);
        byte[] request = CoapMessageSerializer.Serialize(protection.Message);

        // A CoAP retransmission reaching the grain twice (another gateway, a forgotten de-duplication entry).
        byte[] first = (await grain.HandleAsync(request, "test-site", "test-pledge")).Message;
        byte[] repeat = (await grain.HandleAsync(request, "test-site", "test-pledge")).Message;

        Assert.Equal(first, repeat);
        Assert.Equal(CoapCode.Changed, context.UnprotectResponse(CoapMessageParser.Parse(repeat).Message!, protection.Binding).Value!.Code);
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Empty(view.SupersededSerials);
        Assert.Single(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
    }

    [Fact]
    public async Task Another_request_under_a_used_partial_iv_is_a_replay_even_after_the_first_was_answered()
    {
        await using var csr = await ProtectedCsr.PrepareAsync(_host, NewSerial());
        var (pledge, protection, grain) = (csr.Pledge, csr.Protection, csr.Grain);
        var answered = CoapMessageParser.Parse((await grain.HandleAsync(CoapMessageSerializer.Serialize(protection.Message), "test-site", "test-pledge")).Message).Message!;
        Assert.Equal(CoapCode.Changed, answered.Code);

        var forged = protection.Message.Clone();
        var ciphertext = forged.Payload.ToArray();
        ciphertext[0] ^= 0x01;
        forged.Payload = ciphertext;
        var replay = CoapMessageParser.Parse((await grain.HandleAsync(CoapMessageSerializer.Serialize(forged), "test-site", "test-pledge")).Message).Message!;

        Assert.Equal(CoapCode.Unauthorized, replay.Code);
        Assert.Equal("Replay detected", Encoding.UTF8.GetString(replay.Payload.Span));
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Single(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
    }

    [Fact]
    public async Task Unprotected_requests_to_enrollment_resources_get_4_01()
    {
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var request = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/est/sen");
        request.Payload = new byte[] { 0x30, 0x00 };

        var response = await connection.Client.SendAsync(connection.Registrar, request);

        Assert.Equal(CoapCode.Unauthorized, response.Code);
    }

    [Fact]
    public async Task With_64_byte_blocks_every_message_travels_block_wise_and_the_pledge_enrolls()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar, blockSize: 64);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, pledge, Protocol.Crypto.SystemRandomSource.Instance);

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.True(result.Certificate!.RawData.Length > 64);
    }

    [Fact]
    public async Task A_pledge_acting_as_edhoc_initiator_enrolls_through_the_forward_flow()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, pledge, Protocol.Crypto.SystemRandomSource.Instance) { ForwardFlow = true };

        var result = await enroller.EnrollAsync();

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        var view = await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
    }

    [Fact]
    public async Task An_unknown_pledge_is_refused_in_the_forward_flow_too()
    {
        var stranger = _host.MintPledge(NewSerial("NOT-ALLOWED-"));
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var enroller = new PledgeEnroller(connection.Client, connection.Registrar, stranger, Protocol.Crypto.SystemRandomSource.Instance) { ForwardFlow = true };

        var failure = await Assert.ThrowsAsync<EnrollmentStepException>(() => enroller.RunForwardEdhocAsync());

        Assert.Contains("not authorised", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected_garbage_and_a_tampered_message_2_do_not_end_the_genuine_pledges_session()
    {
        var pledge = _host.MintPledge(NewSerial());
        await using var connection = await RegistrarConnection.OpenAsync(_host.Registrar);
        var trigger = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        var message1 = (await connection.Client.SendAsync(connection.Registrar, trigger)).Payload.ToArray();
        var responder = Protocol.Edhoc.EdhocResponder.ProcessMessage1(message1, new Protocol.Edhoc.EdhocResponderOptions([2]), Protocol.Crypto.DefaultCipherSuiteCrypto.Instance).Value;
        var message2 = responder.PrepareMessage2(pledge.EdhocIdentity, [0x07], Protocol.Crypto.SystemRandomSource.Instance).Value;
        byte[] tampered = (byte[])message2.Message.Clone();
        tampered[^3] ^= 0x40;

        foreach (byte[] attack in new[] { new byte[] { 0x42, 0x00, 0x01 }, tampered })
        {
            var injected = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
            injected.Payload = Protocol.Edhoc.Transport.EdhocCoapTransport.ContinuationRequest(responder.ConnectionIdI, attack);
            var refused = await connection.Client.SendAsync(connection.Registrar, injected);
            Assert.Equal(CoapCode.BadRequest, refused.Code);
            Assert.True(Protocol.Edhoc.EdhocErrorMessage.Decode(refused.Payload.ToArray()).IsSuccess);
        }
        var genuine = CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Post, ".well-known/edhoc");
        genuine.Payload = Protocol.Edhoc.Transport.EdhocCoapTransport.ContinuationRequest(responder.ConnectionIdI, message2.Message);
        var answer = await connection.Client.SendAsync(connection.Registrar, genuine);

        Assert.Equal(CoapCode.Changed, answer.Code);
        Assert.True(message2.State.ProcessMessage3(answer.Payload.ToArray(), Protocol.Brski.VoucherEad.PledgeUnderstands).IsSuccess);
        Assert.Equal(PledgeStatus.EdhocInProgress, (await _host.Grains.GetGrain<IPledgeGrain>(pledge.SerialNumber).GetAsync()).Status);
    }
}
