using Eals.Tests.Shared;
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
        "--Orleans:SiloPort", FreePorts.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--Orleans:GatewayPort", FreePorts.Tcp().ToString(System.Globalization.CultureInfo.InvariantCulture),
    ];

}
