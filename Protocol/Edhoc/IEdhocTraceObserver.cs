namespace Eals.Protocol.Edhoc;

/// <summary>
/// Receives every intermediate value of a handshake as it is computed, under the names RFC 9529 and the
/// known-answer files use (<c>th_2</c>, <c>prk_2e</c>, <c>info_mac_2</c>, <c>message_2</c>, ...).
/// For vector runners and debugging only: it sees secrets, so never attach one in production.
/// </summary>
public interface IEdhocTraceObserver
{
    void Record(string name, ReadOnlySpan<byte> value);
}
