using System.Security.Cryptography;
using System.Text;

namespace Eals.Protocol.Crypto;

/// <summary>
/// The keys every gateway and silo of a deployment shares for answering unauthenticated datagrams without state:
/// the MAC of stateless Echo values (RFC 9175 section 2.4) and the tag in the connection identifiers the registrar
/// hands out (so a datagram naming an identifier nobody issued is refused before any grain is asked). Derived from
/// one 32-byte secret (<c>keys/gateway.key</c>) with HKDF-SHA256 under a label per purpose, so no key serves two
/// purposes. It decrypts nothing: a gateway holding it still holds no pledge's secret.
/// </summary>
public sealed class RoutingKeys
{
    public const int SecretLength = 32;

    public RoutingKeys(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"The routing secret must be {SecretLength} bytes; it is {secret.Length}.", nameof(secret));
        }
        Echo = Derive(secret, "eals echo v1");
        ConnectionIdTag = Derive(secret, "eals connection identifier tag v1");
    }

    /// <summary>HMAC-SHA256 key of Echo values.</summary>
    public byte[] Echo { get; }

    /// <summary>HMAC-SHA256 key of the tag in registrar-issued connection identifiers.</summary>
    public byte[] ConnectionIdTag { get; }

    private static byte[] Derive(ReadOnlySpan<byte> secret, string purpose)
    {
        byte[] key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, [], Encoding.ASCII.GetBytes(purpose));
        return key;
    }
}
