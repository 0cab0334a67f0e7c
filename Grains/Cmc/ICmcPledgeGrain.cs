using Eals.Grains.Edhoc;
namespace Eals.Grains.Cmc;

/// <summary>
/// One pledge's full CMC enrollments, keyed by its serial: the replay window (senderNonces seen), the
/// admission policy, issuance through the shared step, and the signed Full PKI Response.
/// </summary>
[Alias("eals.cmc-pledge")]
public interface ICmcPledgeGrain : IGrainWithStringKey
{
    [Alias("enroll")]
    Task<EdhocReply> EnrollAsync(CmcAuthenticatedRequest request);
}
