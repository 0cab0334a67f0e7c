using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Certificates parsed once per fleet, by their exact DER: the registrar's certificate and the domain CA its
/// vouchers pin are the same for every pledge of a run, and parsing one costs more on OpenSSL 3 than checking
/// it. Only the parse is shared; every pledge still verifies its voucher and chains the registrar's
/// certificate itself. The cached certificates belong to the cache (callers do not dispose them).
/// </summary>
public sealed class CertificateCache : IDisposable
{
    /// <summary>Past this many distinct certificates, new ones are parsed but not kept.</summary>
    private const int Capacity = 64;

    private readonly ConcurrentDictionary<string, X509Certificate2> _parsed = new(StringComparer.Ordinal);

    /// <summary>The certificate of <paramref name="der"/>, parsed by <paramref name="load"/> the first time; the second result tells whether the caller owns it (not kept).</summary>
    public (X509Certificate2 Certificate, bool CallerOwns) Get(byte[] der, Func<byte[], X509Certificate2> load)
    {
        ArgumentNullException.ThrowIfNull(der);
        ArgumentNullException.ThrowIfNull(load);
        string key = Convert.ToBase64String(der);
        if (_parsed.TryGetValue(key, out var cached))
        {
            return (cached, false);
        }
        var certificate = load(der);
        if (_parsed.Count >= Capacity)
        {
            return (certificate, true);
        }
        if (_parsed.TryAdd(key, certificate))
        {
            return (certificate, false);
        }
        certificate.Dispose();
        return (_parsed[key], false);
    }

    public void Dispose()
    {
        foreach (var certificate in _parsed.Values)
        {
            certificate.Dispose();
        }
        _parsed.Clear();
    }
}
