using System.Text.RegularExpressions;
using Eals.Gateway.Enrollment;
using Eals.Gateway.Tests;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Tests.Shared;

namespace Eals.Interop.Tests;

/// <summary>
/// libcoap's coap-client against the gateway's EDHOC resource: an empty POST (a trigger) from an address that has
/// not proved itself gets 4.01 Unauthorized with an Echo option (252, RFC 9175), from a stack nobody here wrote.
/// </summary>
public sealed partial class LibcoapEchoTests : IAsyncLifetime
{
    private readonly string _client = ExternalProcess.Require("coap-client-notls", "apt-get install libcoap3-bin");
    private readonly string _work = Directory.CreateTempSubdirectory("eals-libcoap-echo-").FullName;
    private int _grainCalls;
    private TestCoapServer _server = null!;

    /// <summary>Thrown by every grain call: the request got past the Echo gate.</summary>
    private sealed class ReachedTheGrain : Exception;

    public Task InitializeAsync()
    {
        var keys = new RoutingKeys(System.Security.Cryptography.RandomNumberGenerator.GetBytes(RoutingKeys.SecretLength));
        var echo = new EchoChallenge(keys.Echo, EchoChallenge.DefaultWindow, EchoChallenge.DefaultSkew);
        var grains = FailingGrainFactory.Throwing(() =>
        {
            Interlocked.Increment(ref _grainCalls);
            return new ReachedTheGrain();
        });
        _server = new TestCoapServer([new EdhocResource(grains, "interop", new ContextOwners(TimeProvider.System), keys, new ReturnRoutability(echo, TimeProvider.System, "interop"))]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task An_empty_post_to_well_known_edhoc_gets_a_small_4_01_with_option_252_and_libcoaps_repeat_with_it_is_admitted()
    {
        var result = await ExternalProcess.RunAsync(_client, ["-B", "10", "-v", "7", "-m", "post", _server.Uri(".well-known/edhoc")], _work);

        // libcoap's log of the PDUs: our 4.01 carries Echo (it names option 252 "Echo"), and is no larger than the trigger.
        var log = result.Output + result.Error;
        var challenge = UnauthorizedWithEcho().Match(log);
        Assert.True(challenge.Success, log);
        var sizes = DatagramSizes().Matches(log).Select(m => (Direction: m.Groups[1].Value, Bytes: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.True(sizes.Count >= 2 && sizes[0].Direction == "sent" && sizes[1].Direction == "received", log);
        Assert.True(sizes[1].Bytes <= sizes[0].Bytes, $"4.01 of {sizes[1].Bytes} bytes to a trigger of {sizes[0].Bytes}\n{log}");
        // libcoap implements RFC 9175 section 2.3: it repeats the POST with the value, under a new token, and that
        // request reaches the registrar (here a fake whose every call fails, hence its 5.00).
        Assert.Matches(RepeatWithEcho(challenge.Groups[1].Value), log);
        Assert.Equal(1, _grainCalls);
    }

    [GeneratedRegex(@"c:4\.01 [^\n]*Echo:(0x[0-9a-f]+)")]
    private static partial Regex UnauthorizedWithEcho();

    [GeneratedRegex(@": (sent|received) (\d+) bytes")]
    private static partial Regex DatagramSizes();

    private static Regex RepeatWithEcho(string value) => new($@"t:CON c:POST [^\n]*Uri-Path:edhoc, Echo:{value}");
}
