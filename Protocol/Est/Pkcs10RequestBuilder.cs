using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Eals.Protocol.Pki;

namespace Eals.Protocol.Est;

/// <summary>
/// The pledge side of /sen and /sren: a PKCS#10 request (RFC 2986; content format 286) for a P-256 key,
/// signed ecdsa-with-SHA256. One code path for the reference pledge, the fleet simulator and the tests.
/// </summary>
public static class Pkcs10RequestBuilder
{
    /// <summary>A DER request for <paramref name="key"/> naming <paramref name="subject"/>, with no extensions requested.</summary>
    public static byte[] Build(ECDsa key, X500DistinguishedName subject)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(subject);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("The key must be a P-256 key.", nameof(key));
        }

        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequest();
    }

    /// <summary>A request whose subject is <c>CN=…, serialNumber=…</c>, as an IDevID holder asks for its LDevID.</summary>
    public static byte[] ForDevice(ECDsa key, string serialNumber, string? commonName = null) =>
        Build(key, DistinguishedNames.Device(serialNumber, commonName ?? serialNumber));
}
