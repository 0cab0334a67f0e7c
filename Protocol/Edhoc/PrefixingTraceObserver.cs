namespace Eals.Protocol.Edhoc;

/// <summary>Prefixes the names of a derived session's values (<c>key_update_prk_out</c>, ...).</summary>
internal sealed class PrefixingTraceObserver(string prefix, IEdhocTraceObserver inner) : IEdhocTraceObserver
{
    public void Record(string name, ReadOnlySpan<byte> value) => inner.Record(prefix + name, value);
}
