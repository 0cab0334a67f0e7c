using Eals.Grains.Pledges;
using Eals.Protocol.Coap;

namespace Eals.Grains.Enrollment;

/// <summary>
/// Serves a request that arrived OSCORE-protected and verified: the EST-coaps resources and the draft's
/// /eals. The identity is the one EDHOC authenticated for this context: what a certificate is bound to;
/// <paramref name="pledge"/> is where the pledge's record is read and changed.
/// </summary>
public interface IEnrollmentService
{
    Task<CoapMessage> HandleAsync(PledgeIdentity identity, CoapMessage innerRequest, IPledgeRecord pledge);
}
