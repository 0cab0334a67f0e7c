using Orleans.Runtime;

namespace Eals.Grains.Telemetry;

/// <summary>
/// The call filters behind <see cref="GrainCallMetrics"/>. Outgoing: counts each call by whether a grain
/// made it, and stamps the sending silo into the request context; incoming: counts a call whose stamp
/// names another silo. The stamp (a short string per call) is only added in a cluster
/// (<paramref name="clustered"/>); an embedded silo has no other silo to count.
/// </summary>
public sealed class GrainCallCounter(ILocalSiloDetails silo, bool clustered) : IOutgoingGrainCallFilter, IIncomingGrainCallFilter
{
    private const string SenderKey = "eals.silo";

    private readonly string _self = silo.SiloAddress.ToParsableString();

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        GrainCallMetrics.Calls.Add(1, context.SourceId is { } source && !GrainTypePrefix.IsSystemTarget(source) && !GrainTypePrefix.IsClient(source)
            ? GrainCallMetrics.FromGrain
            : GrainCallMetrics.FromClient, new KeyValuePair<string, object?>(GrainCallMetrics.TargetTag, context.InterfaceName));
        if (clustered)
        {
            RequestContext.Set(SenderKey, _self);
        }
        return context.Invoke();
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (clustered && RequestContext.Get(SenderKey) is string sender && !string.Equals(sender, _self, StringComparison.Ordinal))
        {
            GrainCallMetrics.Remote.Add(1);
        }
        return context.Invoke();
    }
}
