namespace Eals.Protocol.Edhoc;

/// <summary>
/// The Responder's policy for message_1: the suites it supports in order of preference (SUITES_R),
/// the METHODs it accepts, and the critical EAD labels its application understands.
/// </summary>
public sealed record EdhocResponderOptions(IReadOnlyList<int> SupportedSuites)
{
    public IReadOnlySet<EdhocMethod> AcceptedMethods { get; init; } = new HashSet<EdhocMethod>(Enum.GetValues<EdhocMethod>());

    public IReadOnlySet<int> UnderstoodEadLabels { get; init; } = new HashSet<int>();
}
