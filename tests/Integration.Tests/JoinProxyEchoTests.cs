using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Integration.Tests;

/// <summary>
/// Echo through the stateless join proxy: the registrar's 4.01 with Echo (bound to the proxy and the proxy's handle
/// for the pledge) goes back to the pledge as it is; the pledge's repeat with the value goes up under a new sealed
/// token with the same handle, and the registrar admits it.
/// </summary>
public sealed class JoinProxyEchoTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-proxy-echo-" + Guid.NewGuid().ToString("N"));
    private RegistrarHost _registrar = null!;

    public async Task InitializeAsync() => _registrar = await RegistrarHost.StartAsync(_data, 0, "--Gateway:JoinProxies:0", "127.0.0.1");

    public async Task DisposeAsync()
    {
        await _registrar.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task The_4_01_with_echo_is_relayed_to_the_pledge_and_its_repeat_through_the_proxy_gets_message_1()
    {
        await using var proxy = await JoinProxyHost.StartAsync(_registrar.Port);
        using var pledge = new RawCoapSocket(proxy.Registrar);
        using var neighbour = new RawCoapSocket(proxy.Registrar);

        var (challenge, size, requestSize) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost());
        Assert.Equal(CoapCode.Unauthorized, challenge.Code);
        Assert.True(challenge.TryGetOption(CoapOptionNumber.Echo, out var echo), "the proxy dropped the Echo option");
        Assert.True(size <= requestSize, $"the pledge got {size} bytes for its {requestSize}");
        Assert.Equal(1, proxy.Statistics.Relayed);

        // Another pledge behind the same proxy (another handle) cannot use this pledge's value.
        var (refused, _, _) = await neighbour.ExchangeAsync(RawCoapSocket.EdhocPost(echo: echo.Value.ToArray()));
        Assert.Equal(CoapCode.Unauthorized, refused.Code);

        var (started, _, _) = await pledge.ExchangeAsync(RawCoapSocket.EdhocPost(echo: echo.Value.ToArray()));

        Assert.Equal(CoapCode.Changed, started.Code);
        Assert.True(EdhocResponder.ProcessMessage1(started.Payload.ToArray(), new EdhocResponderOptions([2]), DefaultCipherSuiteCrypto.Instance).IsSuccess, "not a message_1");
        Assert.Equal(0, proxy.Statistics.Unauthenticated + proxy.Statistics.Expired + proxy.Statistics.RateLimited + proxy.Statistics.Malformed);
    }
}
