using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Eals.Protocol.Coap;

/// <summary>
/// Stateless Echo values (RFC 9175 sections 2.3 and 2.4, and appendix A's "MAC over time"): a server proves a
/// requester can receive at the address it claims by sending a value the requester must echo, without keeping
/// anything. A value is
/// <code>
/// +------------------------+-----------------------------------------------------+
/// | issued at (4, Unix s)  | HMAC-SHA256(key, issued at ‖ binding)[..8]          |
/// +------------------------+-----------------------------------------------------+
/// </code>
/// The binding names the requester (its address, or a join proxy and its pledge handle), so a value one requester
/// received is worthless to another. Every server holding the key accepts another's values. Pure: the caller
/// passes the time; the key is the caller's (<c>RoutingKeys.Echo</c>).
/// </summary>
public sealed class EchoChallenge
{
    public const int TimeLength = 4;
    public const int MacLength = 8;
    public const int ValueLength = TimeLength + MacLength;

    /// <summary>How long a value is fresh unless configured otherwise: a pledge echoes at once, so a minute is ample.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    /// <summary>How far ahead of this server's clock another server's clock may be (values from a gateway on another machine).</summary>
    public static readonly TimeSpan DefaultSkew = TimeSpan.FromSeconds(5);

    private readonly byte[] _key;
    private readonly long _windowSeconds;
    private readonly long _skewSeconds;

    public EchoChallenge(ReadOnlySpan<byte> key, TimeSpan window, TimeSpan skew)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("An Echo key is at least 16 bytes.", nameof(key));
        }
        if (window < TimeSpan.FromSeconds(1) || skew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window must be at least a second, the skew not negative.");
        }
        _key = key.ToArray();
        _windowSeconds = (long)window.TotalSeconds;
        _skewSeconds = (long)skew.TotalSeconds;
    }

    public TimeSpan Window => TimeSpan.FromSeconds(_windowSeconds);

    /// <summary>A value for the requester named <paramref name="binding"/>, issued at <paramref name="now"/>.</summary>
    public byte[] Issue(DateTimeOffset now, string binding)
    {
        var value = new byte[ValueLength];
        BinaryPrimitives.WriteUInt32BigEndian(value, Seconds(now));
        Mac(value.AsSpan(0, TimeLength), binding, value.AsSpan(TimeLength));
        return value;
    }

    /// <summary>Whether <paramref name="value"/> is one this key issued for <paramref name="binding"/> and still fresh at <paramref name="now"/>.</summary>
    public EchoVerdict Check(ReadOnlySpan<byte> value, DateTimeOffset now, string binding)
    {
        if (value.Length != ValueLength)
        {
            return EchoVerdict.WrongLength;
        }
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(value[..TimeLength], binding, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, value[TimeLength..]))
        {
            return EchoVerdict.Forged;
        }
        // Differences in 64 bits: 32-bit Unix seconds last until 2106.
        long age = (long)Seconds(now) - BinaryPrimitives.ReadUInt32BigEndian(value);
        return age > _windowSeconds ? EchoVerdict.Stale
            : age < -_skewSeconds ? EchoVerdict.FromTheFuture
            : EchoVerdict.Fresh;
    }

    private void Mac(ReadOnlySpan<byte> issuedAt, string binding, Span<byte> destination)
    {
        int length = TimeLength + Encoding.UTF8.GetByteCount(binding);
        byte[]? rented = length > 256 ? new byte[length] : null;
        Span<byte> input = rented ?? stackalloc byte[256];
        input = input[..length];
        issuedAt.CopyTo(input);
        Encoding.UTF8.GetBytes(binding, input[TimeLength..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input, mac);
        mac[..MacLength].CopyTo(destination);
    }

    private static uint Seconds(DateTimeOffset time) => (uint)time.ToUnixTimeSeconds();
}
