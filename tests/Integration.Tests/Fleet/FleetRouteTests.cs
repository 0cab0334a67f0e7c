using System.Security.Cryptography.X509Certificates;
using Eals.Grains.Fleet;
using Eals.Grains.Pledges;
using Eals.Pledge;
using Eals.Protocol.Pki;

namespace Eals.Integration.Tests.Fleet;

/// <summary>
/// <c>Pledge fleet --route edhoc|cmc|ace|psk</c> end to end over UDP loopback against the embedded silo: each route's
/// fleet provisions its pledges as the route needs (IDevIDs; PSKs imported through the operator API; access tokens
/// ordered from the MASA), waits out the pacing answers, and ends with every pledge enrolled under the domain CA with
/// its own certificate, recorded as that route's credential; bad options are usage errors (exit 2), a refused
/// provisioning fails every pledge at that step with the API's reason (exit 1); a fleet under its own serial prefix without
/// credential files (the million-pledge benchmark's batches) enrolls, and leaves nothing under pledges/.
/// </summary>
public sealed class FleetRouteTests(FleetRouteRegistrar registrar) : IClassFixture<FleetRouteRegistrar>
{
    private const int Pledges = 5;

    private RegistrarHost Host => registrar.Host;

    private async Task<(int Exit, string Output, string Error)> RunFleetAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = await FleetCommand.RunAsync(args, output, error, showProgress: false);
        return (exit, output.ToString(), error.ToString());
    }

    private string[] RouteOptions(string route) => route switch
    {
        "psk" => ["--api-url", Host.Http.ToString()],
        "ace" => ["--masa-url", new Uri(Host.Http, "masa/").ToString()],
        _ => [],
    };

    private string[] PledgeFolders() => Directory.Exists(Path.Combine(registrar.Data, "pledges")) ? Directory.GetDirectories(Path.Combine(registrar.Data, "pledges")) : [];

    [Theory]
    [InlineData("edhoc", PledgeCredentialKind.Idevid, "idevid.pem")]
    [InlineData("cmc", PledgeCredentialKind.CmcSignature, "idevid.pem")]
    [InlineData("ace", PledgeCredentialKind.AccessToken, "token")]
    [InlineData("psk", PledgeCredentialKind.PreSharedKey, "psk.json")]
    public async Task A_fleet_on_each_route_ends_all_enrolled_with_distinct_domain_certificates(string route, PledgeCredentialKind kind, string credentialFile)
    {
        var before = PledgeFolders().ToHashSet(StringComparer.Ordinal);
        long admittedBefore = registrar.Admitted;

        // More pledges at once than the registrar has slots: the paced ones must wait out 5.03 + Max-Age.
        var (exit, output, error) = await RunFleetAsync(
            ["--route", route, "--count", Pledges.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", Pledges.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--registrar", Host.Registrar.ToString(), "--data", registrar.Data, .. RouteOptions(route)]);

        Assert.True(exit == 0, output + error);
        Assert.StartsWith($"enrolled: {Pledges}, failed: 0 over {route} in ", output, StringComparison.Ordinal);
        var folders = PledgeFolders().Where(f => !before.Contains(f)).ToList();
        Assert.Equal(Pledges, folders.Count);
        var certificates = folders.Select(f => X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(f, "ldevid.pem")))).ToList();
        Assert.All(certificates, c => Assert.True(CertificateChain.ChainsTo(c, [Host.Pki.DomainCa.Certificate], DateTimeOffset.UtcNow, out string problem), problem));
        Assert.Equal(Pledges, certificates.Select(c => c.SerialNumber).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Pledges, certificates.Select(c => Convert.ToHexString(c.PublicKey.ExportSubjectPublicKeyInfo())).Distinct(StringComparer.Ordinal).Count());
        foreach (var folder in folders)
        {
            // The credential the route provisioned is left where the single-pledge command reads it.
            Assert.True(File.Exists(Path.Combine(folder, credentialFile)), $"{folder} has no {credentialFile}");
            var view = await Host.Grains.GetGrain<IPledgeGrain>(Path.GetFileName(folder)).GetAsync();
            Assert.Equal(PledgeStatus.Enrolled, view.Status);
            Assert.Equal(kind, view.Identity!.Kind);
        }
        // Every route is paced (a pre-shared key's pledge with its first OSCORE request): each pledge took a slot.
        // Whether some had to wait depends on timing (a site with room makes a trigger wait for its next grant
        // rather than answer 5.03), so it is not asserted here; PacingTests show each route's 5.03.
        Assert.True(registrar.Admitted - admittedBefore >= Pledges, $"{registrar.Admitted - admittedBefore} of the {route} fleet's {Pledges} pledges went through admission");
        certificates.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_prefixed_fleet_without_credential_files_enrolls_under_its_prefix_and_writes_no_pledge_folder()
    {
        var before = PledgeFolders().ToHashSet(StringComparer.Ordinal);

        var (exit, output, error) = await RunFleetAsync(
            ["--count", "3", "--registrar", Host.Registrar.ToString(), "--data", registrar.Data, "--serial-prefix", "EALS-DEMO-0001000-", "--no-credential-files"]);

        Assert.True(exit == 0, output + error);
        Assert.StartsWith("enrolled: 3, failed: 0 over edhoc in ", output, StringComparison.Ordinal);
        Assert.Matches(@"enrollment time: p50 [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms over 3 enrolled pledges", output);
        Assert.DoesNotContain(PledgeFolders(), f => !before.Contains(f));
        // The directory is told in batches (every half second): it lists them shortly after.
        long listed = 0;
        for (int attempt = 0; attempt < 50 && listed < 3; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200);
            listed = (await Host.Directory.SearchAsync(new PledgeQuery("EALS-DEMO-0001000-", PledgeStatus.Enrolled), 0, 10)).Total;
        }
        Assert.Equal(3, listed);
    }

    [Theory]
    [InlineData("--route ace", "--route ace needs --masa-url")]
    [InlineData("--route psk", "--route psk needs --api-url")]
    [InlineData("--route tls", "--route must be edhoc, cmc, ace or psk, not 'tls'")]
    [InlineData("--route ace --masa-url coap://127.0.0.1/masa", "--masa-url must be an http:// or https:// URL")]
    [InlineData("--route cmc --server-keygen", "--no-vouchers, --server-keygen and --nonce-log are for --route edhoc")]
    [InlineData("--api-url http://127.0.0.1:8080/", "--api-url and --api-token-file are for --route psk")]
    public async Task Options_a_route_cannot_use_are_usage_errors(string arguments, string message)
    {
        var (exit, output, error) = await RunFleetAsync([.. arguments.Split(' '), "--count", "1", "--registrar", Host.Registrar.ToString(), "--data", registrar.Data]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains(FleetCommand.Usage, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("psk", "--api-token-file", "psk-import")]
    [InlineData("ace", "--masa-token-file", "ace-token")]
    public async Task A_provisioning_the_api_refuses_fails_every_pledge_at_that_step_with_the_reason(string route, string tokenOption, string step)
    {
        string wrongToken = Path.Combine(registrar.Data, $"wrong-{route}.token");
        await File.WriteAllTextAsync(wrongToken, "not-the-token-of-this-registrar-at-all\n");
        var before = PledgeFolders().ToHashSet(StringComparer.Ordinal);

        var (exit, output, _) = await RunFleetAsync(
            ["--route", route, "--count", "3", "--registrar", Host.Registrar.ToString(), "--data", registrar.Data, .. RouteOptions(route), tokenOption, wrongToken]);

        Assert.Equal(1, exit);
        Assert.StartsWith($"enrolled: 0, failed: 3 (3 x {step}: ", output, StringComparison.Ordinal);
        Assert.Contains("answered 401", output, StringComparison.Ordinal);
        Assert.Contains($"over {route} in ", output, StringComparison.Ordinal);
        // No pledge got as far as a certificate.
        Assert.DoesNotContain(PledgeFolders().Where(f => !before.Contains(f)), f => File.Exists(Path.Combine(f, "ldevid.pem")));
    }
}
