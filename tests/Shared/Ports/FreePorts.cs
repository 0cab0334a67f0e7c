using System.Net;
using System.Net.Sockets;

namespace Eals.Tests.Shared;

/// <summary>
/// Ports for servers a test starts on a port it must know in advance (a restart on the same port, a
/// child process). Asking the kernel for port 0 and closing the socket is not enough: the kernel hands
/// that same port to the next socket anywhere on the machine bound to port 0 (test assemblies run in
/// parallel), so the server's own bind fails with "Address already in use". These ports come from below
/// the kernel's ephemeral range, which it never gives out by itself, each one at most once per process,
/// starting at a random offset so that parallel test processes seldom probe the same numbers.
/// </summary>
public static class FreePorts
{
    private const int First = 12000;
    private const int Last = 32000; // Linux's ephemeral range starts at 32768

    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on.</summary>
    public static int Tcp() => Take(port => Probe(SocketType.Stream, ProtocolType.Tcp, port));

    /// <summary>A UDP port on 127.0.0.1 that nothing is bound to.</summary>
    public static int Udp() => Take(port => Probe(SocketType.Dgram, ProtocolType.Udp, port));

    private static int Take(Func<int, bool> free)
    {
        for (int attempt = 0; attempt < Last - First; attempt++)
        {
            int port = First + ((Interlocked.Increment(ref _next) - First) % (Last - First));
            if (free(port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"no free port between {First} and {Last}");
    }

    private static bool Probe(SocketType type, ProtocolType protocol, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
