using System.Buffers.Binary;
using System.Net.Sockets;
using Eals.Gateway.Transport;

namespace Eals.Gateway.Tests;

/// <summary>An upstream socket that only remembers which Message IDs it carried, to find any repeated within its 65536.</summary>
public sealed class MessageIdRecorder : ICoapTransport
{
    private readonly bool[] _used = new bool[65536];

    public int Count;
    public int Repeats;

    public AddressFamily Family => AddressFamily.InterNetwork;

    public void Send(PeerAddress peer, ReadOnlySpan<byte> datagram)
    {
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (_used[id])
        {
            Repeats++;
        }
        _used[id] = true;
        Count++;
    }
}
