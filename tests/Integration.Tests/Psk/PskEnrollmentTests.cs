using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Eals.Grains.Pledges;
using Eals.Pledge.Enrollment;
using Eals.Protocol.Crypto;
using Eals.Protocol.Oscore;

namespace Eals.Integration.Tests.Psk;

/// <summary>
/// The pre-shared key route over UDP loopback: an operator imports a key through the API, the pledge
/// enrolls with it (RFC 9031 OSCORE parameters, kid context on every request) and ends like an EDHOC
/// pledge; wrong keys, unknown identifiers and CSRs for another identity are refused and change nothing.
/// </summary>
public sealed class PskEnrollmentTests(PskRegistrar registrar) : IClassFixture<PskRegistrar>
{
    private RegistrarHost Host => registrar.Host;

    private static string NewSerial() => "EALS-PSK-IT-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));

    private async Task<JsonElement?> ListedAsync(PskKeyFile key)
    {
        var list = await registrar.Api.GetFromJsonAsync<JsonElement>("/api/psk");
        string id = Convert.ToHexStringLower(key.IdContext);
        return list.EnumerateArray().Cast<JsonElement?>().SingleOrDefault(k => k!.Value.GetProperty("idContext").GetString() == id);
    }

    [Fact]
    public async Task An_imported_key_enrolls_the_pledge_like_edhoc_and_a_second_run_continues_its_sequence_numbers()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);

        var result = await registrar.EnrollAsync(key, path);

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        Assert.Contains($"SERIALNUMBER={serial}", result.Certificate!.Subject.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        string pem = Path.Combine(Host.Data, $"{serial}.pem");
        await File.WriteAllTextAsync(pem, result.Certificate.ExportCertificatePem());
        var (exit, output) = OpenSsl.Run("verify", "-CAfile", Path.Combine(Host.Data, "ca", "ca.pem"), pem);
        Assert.True(exit == 0, output);
        var view = await Host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Equal(PledgeStatus.Enrolled, view.Status);
        Assert.Equal(PledgeCredentialKind.PreSharedKey, view.Identity!.Kind);
        Assert.Equal(result.Certificate.SerialNumber, view.Certificate!.SerialHex, ignoreCase: true);
        Assert.Contains(view.Timeline, e => e.Step == "psk" && e.Outcome == "authenticated");
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "issued");
        Assert.Contains(view.Timeline, e => e.Step == "enroll-status" && e.Outcome == "success");
        var record = await Host.FindCertificateAsync(view.Certificate.SerialHex);
        Assert.Equal(serial, record!.PledgeSerial);
        var listed = await ListedAsync(key);
        Assert.NotEqual(JsonValueKind.Null, listed!.Value.GetProperty("firstUsedAt").ValueKind);

        // The sequence-number ceiling was stored ahead of use: a second run starts above it and is no replay.
        var again = await registrar.EnrollAsync(key, path);
        Assert.True(again.Succeeded, $"{again.FailedStep}: {again.Reason}");

        // The registrar keeps the secret sealed: not in its storage in any common encoding.
        AssertNotStored(key.MasterSecret);
    }

    [Fact]
    public async Task A_pledge_that_forgot_its_sequence_numbers_is_refused_as_a_replay()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);
        Assert.True((await registrar.EnrollAsync(key, path)).Succeeded);
        File.Delete(path + ".seq");

        var replayed = await registrar.EnrollAsync(key, path);

        Assert.False(replayed.Succeeded);
        Assert.Contains("4.01", replayed.Reason, StringComparison.Ordinal);
        Assert.Contains("Replay detected", replayed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_changes_nothing()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);
        var wrong = key with { MasterSecret = RandomNumberGenerator.GetBytes(16) };
        string wrongPath = path + ".wrong";
        wrong.Write(wrongPath);

        var refused = await registrar.EnrollAsync(wrong, wrongPath);

        // RFC 8613 section 8.2: a request that does not decrypt is answered 4.00 "Decryption failed".
        Assert.False(refused.Succeeded);
        Assert.Contains("4.00", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("Decryption failed", refused.Reason, StringComparison.Ordinal);
        var view = await Host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.NotEqual(PledgeStatus.Enrolled, view.Status);
        Assert.Null(view.Certificate);
        Assert.DoesNotContain(view.Timeline, e => e.Step == "psk");
        Assert.Equal(JsonValueKind.Null, (await ListedAsync(key))!.Value.GetProperty("firstUsedAt").ValueKind);

        // The refused attempt moved no replay window: the right key still enrolls.
        Assert.True((await registrar.EnrollAsync(key, path)).Succeeded);
    }

    [Fact]
    public async Task A_removed_key_is_refused_and_a_new_secret_for_the_pledge_works_again()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);
        Assert.True((await registrar.EnrollAsync(key, path)).Succeeded);

        Assert.True((await registrar.Api.DeleteAsync($"/api/psk/{Convert.ToHexStringLower(key.IdContext)}")).IsSuccessStatusCode);
        var removed = await registrar.EnrollAsync(key, path);

        Assert.False(removed.Succeeded);
        Assert.Contains("Security context not found", removed.Reason, StringComparison.Ordinal);
        var (renewed, renewedPath) = registrar.MintKey(serial);
        await registrar.ImportAsync(renewed);
        Assert.True((await registrar.EnrollAsync(renewed, renewedPath)).Succeeded);
        var timeline = (await Host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync()).Timeline;
        Assert.Equal(2, timeline.Count(e => e.Step == "psk" && e.Outcome == "authenticated"));
    }

    [Fact]
    public async Task An_unknown_id_context_is_refused_with_4_01_context_not_found()
    {
        var (key, path) = registrar.MintKey(NewSerial());

        var refused = await registrar.EnrollAsync(key, path);

        Assert.False(refused.Succeeded);
        Assert.Contains("4.01", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("Security context not found", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(PledgeStatus.Unknown, (await Host.Grains.GetGrain<IPledgeGrain>(key.Serial).GetAsync()).Status);
    }

    [Fact]
    public async Task A_csr_for_another_identity_gets_4_03_and_no_certificate()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);
        await using var connection = await RegistrarConnection.OpenAsync(Host.Registrar);
        var channel = new RegistrarChannel(connection.Client, connection.Registrar);
        using var context = PskEnroller.CreateContext(key, FileSequenceNumberStore.Open(path + ".seq"), SystemRandomSource.Instance);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var refusal = await Assert.ThrowsAsync<EnrollmentStepException>(() =>
            channel.RequestCertificateAsync(context, ecdsa, "SOMEONE-ELSE", ".well-known/est/sen", includeKidContext: true));

        Assert.Contains("4.03", refusal.Message, StringComparison.Ordinal);
        var view = await Host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Null(view.Certificate);
        Assert.Contains(view.Timeline, e => e.Step == "enroll" && e.Outcome == "failed");
    }

    private void AssertNotStored(byte[] secret)
    {
        string[] encodings = [Convert.ToHexStringLower(secret), Convert.ToHexString(secret), Convert.ToBase64String(secret)];
        foreach (string file in Directory.EnumerateFiles(Host.Data, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            catch (FileNotFoundException)
            {
                continue;
            }
            Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"{file} holds the master secret");
            string text = Encoding.Latin1.GetString(bytes);
            foreach (string encoded in encodings)
            {
                Assert.DoesNotContain(encoded, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_key_imported_by_the_release_before_first_use_authentication_still_authenticates_its_pledge_at_first_use()
    {
        string serial = NewSerial();
        var (key, path) = registrar.MintKey(serial);
        await registrar.ImportAsync(key);
        await PskRegistrar.EstablishAsTheReleaseBeforeDidAsync(Host, key);

        var result = await registrar.EnrollAsync(key, path);

        Assert.True(result.Succeeded, $"{result.FailedStep}: {result.Reason}");
        var view = await Host.Grains.GetGrain<IPledgeGrain>(serial).GetAsync();
        Assert.Single(view.Timeline, e => e.Step == "psk" && e.Outcome == "authenticated");
        Assert.NotEqual(JsonValueKind.Null, (await ListedAsync(key))!.Value.GetProperty("firstUsedAt").ValueKind);
    }
}
