using Eals.Grains.Edhoc;
namespace Eals.Grains.Cmc;

/// <summary>
/// Entry point for Full PKI Requests (RFC 5272) from the unprotected /.well-known/est/fullcmc: verifies
/// the CMS signature and whether the signer is trusted (a manufacturer's IDevID or a configured
/// registration authority), then hands the request to the pledge's <see cref="ICmcPledgeGrain"/>.
/// </summary>
[Alias("eals.cmc-registrar")]
public interface ICmcRegistrarGrain : IGrainWithIntegerKey
{
    /// <summary>A Full PKI Request from <paramref name="origin"/> (a pledge's address, or a join proxy's handle) at pacing site <paramref name="site"/>.</summary>
    [Alias("submit")]
    Task<EdhocReply> SubmitAsync(byte[] message, string site, string origin);
}
