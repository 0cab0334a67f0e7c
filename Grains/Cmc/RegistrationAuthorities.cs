using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Eals.Grains.Cmc;

/// <summary>
/// The registration authorities (security gateways) trusted to sign Full PKI Requests for pledges, read
/// from the PEM files <see cref="CmcOptions.RegistrationAuthorities"/> names when the host starts.
/// </summary>
public sealed class RegistrationAuthorities
{
    private readonly IReadOnlyList<X509Certificate2> _certificates;

    public RegistrationAuthorities(IOptions<CmcOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _certificates = [.. options.Value.RegistrationAuthorities.Select(Load)];
    }

    /// <summary>The configured authority whose certificate is exactly <paramref name="signerDer"/>, or null.</summary>
    public X509Certificate2? Find(byte[] signerDer) =>
        _certificates.FirstOrDefault(c => c.RawData.AsSpan().SequenceEqual(signerDer));

    private static X509Certificate2 Load(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{CmcOptions.SectionName}:RegistrationAuthorities: cannot read a certificate from '{path}': {exception.Message}", exception);
        }
    }
}
