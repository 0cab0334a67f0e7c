using Eals.Protocol.Crypto;

namespace Eals.Protocol.Pki;

/// <summary>
/// Certificate serial numbers: 16 bytes from the injected randomness, so 126 bits of entropy, more than the
/// 64 bits CA/B Forum baseline requirements ask for. RFC 5280 section 4.1.2.2: positive, at most 20 octets.
/// </summary>
public static class SerialNumberGenerator
{
    public const int Length = 16;

    public static byte[] Next(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var serial = new byte[Length];
        random.Fill(serial);
        // Top bit clear: positive in two's complement. Second bit set: the first octet is never 0x00, so the
        // DER INTEGER is minimal and every serial has the same length.
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }
}
