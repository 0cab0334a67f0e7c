using Eals.Grains.Vouchers;

namespace Eals.Grains.Ace;

/// <summary>
/// The registrar's channel to the ACE authorization server's introspection endpoint (RFC 9200 section 5.9): sends the
/// registrar-signed request and returns the sealed answer (in <see cref="MasaResponse.Voucher"/>), a refusal (final)
/// or unreachable (try again later).
/// </summary>
public interface IAuthorizationServerClient
{
    Task<MasaResponse> IntrospectAsync(byte[] signedRequest, CancellationToken cancellationToken);
}
