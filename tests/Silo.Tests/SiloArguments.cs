using System.Net;
using System.Net.Sockets;

namespace Eals.Silo.Tests;

/// <summary>Command-line arguments for an embedded silo that shares the machine with other tests: free ports everywhere.</summary>
public static class SiloArguments
{
    public static string[] For(string data) =>
    [
        "--data", data,
        "--Gateway:Port", "0",
        "--Dashboard:Urls", "http://127.0.0.1:0",
        "--Orleans:SiloPort", FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Orleans:GatewayPort", FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
