using System.Net;
using System.Net.Sockets;
using System.Text;
using Eals.Gateway.Messaging;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Logging.Abstractions;

namespace Eals.Pledge;

/// <summary>A CoAP client on the command line (block-wise included), for trying out a gateway by hand.</summary>
public static class CoapCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2)
        {
            error.WriteLine("coap: METHOD and URI are required");
            return 2;
        }
        var method = args[0].ToLowerInvariant() switch
        {
            "get" => CoapCode.Get,
            "post" => CoapCode.Post,
            "put" => CoapCode.Put,
            "delete" => CoapCode.Delete,
            "fetch" => CoapCode.Fetch,
            _ => (CoapCode?)null,
        };
        if (method is null || !Uri.TryCreate(args[1], UriKind.Absolute, out var uri) || uri.Scheme != "coap")
        {
            error.WriteLine($"coap: '{args[0]} {args[1]}' is not METHOD coap://HOST[:PORT]/PATH");
            return 2;
        }

        var request = new CoapMessage { Type = CoapMessageType.Confirmable, Code = method.Value };
        int blockSize = 1024;
        var timeout = TimeSpan.FromSeconds(100);
        for (int i = 2; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--payload": request.Payload = Encoding.UTF8.GetBytes(Next()); break;
                case "--file": request.Payload = await File.ReadAllBytesAsync(Next()); break;
                case "--block": blockSize = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--non": request.Type = CoapMessageType.NonConfirmable; break;
                case "--content-format": request.SetUInt(CoapOptionNumber.ContentFormat, uint.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--accept": request.SetUInt(CoapOptionNumber.Accept, uint.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture)); break;
                default:
                    error.WriteLine($"coap: unknown option {args[i]}");
                    return 2;
            }
        }
        request.SetPath(Uri.UnescapeDataString(uri.AbsolutePath));
        foreach (var query in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            request.AddOption(CoapOption.FromString(CoapOptionNumber.UriQuery, Uri.UnescapeDataString(query)));
        }

        var address = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? literal : (await Dns.GetHostAddressesAsync(uri.DnsSafeHost)).First();
        var server = new IPEndPoint(address, uri.Port > 0 ? uri.Port : 5683);
        var endpoint = new CoapEndpoint(new CoapEndpointOptions(), new NoResources(), TimeProvider.System, NullLogger<CoapEndpoint>.Instance);
        var bindTo = new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        await using var transport = UdpCoapTransport.Start(endpoint, bindTo, receiveLoops: 1, socketBufferBytes: 256 * 1024, NullLogger.Instance);
        var client = new CoapClient(endpoint, blockSize);
        try
        {
            using var cancellation = new CancellationTokenSource(timeout);
            var response = await client.SendAsync(PeerAddress.FromEndPoint(server), request, cancellation.Token);
            output.WriteLine(response.Code);
            if (!response.Payload.IsEmpty)
            {
                output.WriteLine(Printable(response.Payload.Span));
            }
            return response.Code.IsSuccess ? 0 : 1;
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or CoapRequestException)
        {
            error.WriteLine($"coap: {exception.Message}");
            return 3;
        }
        finally
        {
            endpoint.Stop();
        }
    }

    private static string Printable(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t') || c == '\uFFFD') ? Convert.ToHexString(payload) : text;
    }

    /// <summary>The command line only asks; requests arriving at it are not served.</summary>
    private sealed class NoResources : ICoapRequestHandler
    {
        public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, "this endpoint serves nothing"));
    }
}
