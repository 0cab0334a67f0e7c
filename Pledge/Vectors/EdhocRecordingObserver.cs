using Eals.Protocol.Edhoc;

namespace Eals.Pledge.Vectors;

/// <summary>Keeps every intermediate value one side of a handshake reports, by name.</summary>
public sealed class EdhocRecordingObserver : IEdhocTraceObserver
{
    public Dictionary<string, byte[]> Values { get; } = new(StringComparer.Ordinal);

    public void Record(string name, ReadOnlySpan<byte> value) => Values[name] = value.ToArray();
}
