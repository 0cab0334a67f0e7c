using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Eals.Pledge.Enrollment;

/// <summary>
/// Who signs a Full PKI Request: the pledge with its IDevID, or a registration authority on its behalf;
/// <see cref="Chain"/> are certificates sent along (intermediates up to the trust anchor).
/// </summary>
public sealed record CmcSigner(X509Certificate2 Certificate, ECDsa Key, IReadOnlyList<X509Certificate2> Chain);
