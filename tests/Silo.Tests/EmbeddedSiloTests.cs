using System.Net;
using System.Net.Sockets;
using Eals.Gateway.Hosting;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Silo.Tests;

/// <summary>The embedded default as `dotnet run --project Silo` builds it: data folder, CoAP on loopback IPv4 and IPv6.</summary>
public sealed class EmbeddedSiloTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "eals-silo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Starts_the_gateway_on_loopback_v4_and_v6_and_serves_well_known_core()
    {
        await using var host = EmbeddedSilo.Build(SiloArguments.For(_data));
        await host.StartAsync();
        try
        {
            var gateway = host.Services.GetRequiredService<GatewayHostedService>();
            var bound = gateway.Transports.Select(t => t.LocalEndPoint.Address).ToList();
            Assert.Contains(IPAddress.Loopback, bound);
            if (Socket.OSSupportsIPv6)
            {
                Assert.Contains(IPAddress.IPv6Loopback, bound);
            }
            Assert.True(Directory.Exists(_data));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_data));
            }

            var client = new CoapEndpoint(new CoapEndpointOptions(), new Unserved(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
            await using var transport = UdpCoapTransport.Start(client, new IPEndPoint(IPAddress.Loopback, 0), 1, 1 << 16, NullLogger.Instance);
            var server = PeerAddress.FromEndPoint(gateway.Transports.First(t => t.Family == AddressFamily.InterNetwork).LocalEndPoint);
            var response = await client.SendRequestAsync(server, CoapMessage.Request(CoapMessageType.Confirmable, CoapCode.Get, "/.well-known/core"));
            client.Stop();

            Assert.Equal(CoapCode.Content, response.Code);
            Assert.Equal(CoapContentFormat.LinkFormat, response.ContentFormat);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Invalid_gateway_configuration_stops_start_up_with_an_actionable_message()
    {
        using var host = EmbeddedSilo.CreateBuilder([.. SiloArguments.For(_data), "--Gateway:Addresses:0", "not-an-address"]).Build();

        var error = Assert.ThrowsAny<Exception>(() => host.StartAsync().GetAwaiter().GetResult());

        Assert.Contains("Gateway:Addresses contains 'not-an-address'", error.Message, StringComparison.Ordinal);
    }

    private sealed class Unserved : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapMessage.Request(CoapMessageType.Acknowledgement, CoapCode.NotFound));
    }
}
