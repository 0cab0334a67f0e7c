using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;

namespace Eals.Gateway.JoinProxy;

/// <summary>
/// The join proxy's extended token (RFC 8974 section 3: a stateless intermediary serialises its state into
/// the token, protected so only it can read or forge it; RFC 9031 section 5: the join proxy's return path).
/// <code>
///  0        8                     20                                   20+n       36+n
/// +--------+---------------------+------------------------------------+----------+
/// | handle |  nonce (12 bytes)   | AES-256-GCM ciphertext (n bytes)   | tag (16) |
/// +--------+---------------------+------------------------------------+----------+
/// plaintext: type (1) | pledge address (23, PeerAddress.Encode) | Message ID (2) | issued-at s (4) | pledge token (0..8)
/// handle = first 8 bytes of HMAC-SHA256(handle key, pledge address); additional authenticated data = handle
/// </code>
/// The handle is the stable, opaque pledge identity the registrar may rely on (contract: the first 8 bytes of
/// a token longer than 8 bytes): the same for every request of one pledge address, unlinkable to the address
/// without the key. The handle key and the sealing key are derived from one 32-byte proxy key with HKDF, so
/// neither use weakens the other. Pure: the key and the nonce source are injected.
/// </summary>
public sealed class JoinProxyTokenCodec : IDisposable
{
    public const int KeyLength = 32;
    public const int HandleLength = 8;
    public const int NonceLength = 12;
    public const int TagLength = 16;
    public const int MaxPledgeTokenLength = 8;

    private const int TypeOffset = 0;
    private const int AddressOffset = 1;
    private const int MessageIdOffset = AddressOffset + PeerAddress.EncodedLength;
    private const int IssuedAtOffset = MessageIdOffset + 2;
    private const int PledgeTokenOffset = IssuedAtOffset + 4;
    private const int Overhead = HandleLength + NonceLength + PledgeTokenOffset + TagLength;

    private readonly byte[] _handleKey = new byte[32];
    private readonly byte[] _sealingKey = new byte[32];
    private readonly IRandomSource _nonces;
    // AesGcm instances must not be shared between threads; one per receive thread, created on first use.
    private readonly ThreadLocal<AesGcm> _aes;

    public JoinProxyTokenCodec(ReadOnlySpan<byte> key, IRandomSource nonces)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The join proxy key is {KeyLength} bytes, not {key.Length}.", nameof(key));
        }
        HKDF.Expand(HashAlgorithmName.SHA256, key, _handleKey, Encoding.ASCII.GetBytes("EALS join proxy: pledge handle"));
        HKDF.Expand(HashAlgorithmName.SHA256, key, _sealingKey, Encoding.ASCII.GetBytes("EALS join proxy: token sealing"));
        _nonces = nonces;
        _aes = new ThreadLocal<AesGcm>(() => new AesGcm(_sealingKey, TagLength), trackAllValues: true);
    }

    /// <summary>Length of the sealed token for a pledge token of <paramref name="pledgeTokenLength"/> bytes (66 to 74).</summary>
    public static int SealedLength(int pledgeTokenLength) => Overhead + pledgeTokenLength;

    /// <summary>The opaque handle of a pledge address: what the registrar sees as the first 8 token bytes.</summary>
    public void WriteHandle(PeerAddress pledge, Span<byte> destination)
    {
        Span<byte> address = stackalloc byte[PeerAddress.EncodedLength];
        pledge.Encode(address);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_handleKey, address, mac);
        mac[..HandleLength].CopyTo(destination);
    }

    /// <summary>Seals <paramref name="exchange"/> into a fresh token (a new nonce each time, so a pledge's retransmission gets a new token).</summary>
    public byte[] Seal(in ProxiedExchange exchange)
    {
        int tokenLength = exchange.Token.Length;
        if (tokenLength > MaxPledgeTokenLength)
        {
            throw new ArgumentException($"Pledge tokens are at most {MaxPledgeTokenLength} bytes.", nameof(exchange));
        }
        var sealedToken = new byte[SealedLength(tokenLength)];
        var span = sealedToken.AsSpan();
        var handle = span[..HandleLength];
        var nonce = span.Slice(HandleLength, NonceLength);
        var ciphertext = span.Slice(HandleLength + NonceLength, PledgeTokenOffset + tokenLength);
        var tag = span[^TagLength..];

        WriteHandle(exchange.Pledge, handle);
        _nonces.Fill(nonce);
        Span<byte> plaintext = stackalloc byte[PledgeTokenOffset + MaxPledgeTokenLength];
        plaintext = plaintext[..(PledgeTokenOffset + tokenLength)];
        plaintext[TypeOffset] = (byte)exchange.Type;
        exchange.Pledge.Encode(plaintext[AddressOffset..]);
        BinaryPrimitives.WriteUInt16BigEndian(plaintext[MessageIdOffset..], exchange.MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(plaintext[IssuedAtOffset..], exchange.IssuedAt);
        exchange.Token.Span.CopyTo(plaintext[PledgeTokenOffset..]);
        _aes.Value!.Encrypt(nonce, plaintext, ciphertext, tag, handle);
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedToken;
    }

    /// <summary>Opens a token this proxy sealed; false for anything else (wrong length, tampered, another key).</summary>
    public bool TryOpen(ReadOnlySpan<byte> token, out ProxiedExchange exchange)
    {
        exchange = default;
        int tokenLength = token.Length - Overhead;
        if (tokenLength is < 0 or > MaxPledgeTokenLength)
        {
            return false;
        }
        var handle = token[..HandleLength];
        var nonce = token.Slice(HandleLength, NonceLength);
        var ciphertext = token.Slice(HandleLength + NonceLength, PledgeTokenOffset + tokenLength);
        var tag = token[^TagLength..];
        Span<byte> plaintext = stackalloc byte[PledgeTokenOffset + MaxPledgeTokenLength];
        plaintext = plaintext[..ciphertext.Length];
        try
        {
            _aes.Value!.Decrypt(nonce, ciphertext, tag, plaintext, handle);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        var type = (CoapMessageType)plaintext[TypeOffset];
        if (type is not (CoapMessageType.Confirmable or CoapMessageType.NonConfirmable)
            || !PeerAddress.TryDecode(plaintext[AddressOffset..], out var pledge))
        {
            return false; // authentic but not what Seal writes: a codec from another version
        }
        exchange = new ProxiedExchange(
            pledge,
            type,
            BinaryPrimitives.ReadUInt16BigEndian(plaintext[MessageIdOffset..]),
            plaintext[PledgeTokenOffset..].ToArray(),
            BinaryPrimitives.ReadUInt32BigEndian(plaintext[IssuedAtOffset..]));
        return true;
    }

    public void Dispose()
    {
        foreach (var aes in _aes.Values)
        {
            aes.Dispose();
        }
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_handleKey);
        CryptographicOperations.ZeroMemory(_sealingKey);
    }
}
