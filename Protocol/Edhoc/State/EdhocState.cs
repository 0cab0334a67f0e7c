using Eals.Protocol.Crypto;

namespace Eals.Protocol.Edhoc;

/// <summary>
/// A session between two steps. Each state type offers only the step that may come next, and each
/// state can be used for one step only: a second use (a replayed or duplicated message) fails with
/// <see cref="EdhocFailureKind.UnexpectedState"/>, as does every later use after a failed step, so a
/// failure leaves nothing usable behind.
/// </summary>
public abstract class EdhocState
{
    private int _used;

    private protected EdhocState(EdhocSessionState data, ICipherSuiteCrypto crypto, IEdhocTraceObserver? observer)
    {
        Data = data;
        Schedule = new EdhocKeySchedule(crypto, observer);
    }

    public EdhocPhase Phase => Data.Phase;

    public EdhocMethod Method => Data.Method;

    public EdhocCipherSuite CipherSuite => Data.CipherSuite;

    /// <summary>C_I as raw bytes (the Responder's OSCORE Sender ID).</summary>
    public byte[] ConnectionIdI => Data.ConnectionIdI;

    internal EdhocSessionState Data { get; }

    internal EdhocKeySchedule Schedule { get; }

    /// <summary>
    /// The state as bytes, for a grain to hold while it waits for a third party. Contains private keys:
    /// store it as a secret. Restore with <see cref="EdhocStateRestorer.Restore"/>.
    /// </summary>
    public byte[] Serialize() => EdhocStateSerializer.Serialize(Data);

    public override string ToString() => $"{GetType().Name}(method {(int)Method}, suite {Data.Suite})";

    /// <summary>Runs a step once; protocol failures become results.</summary>
    private protected EdhocResult<T> Step<T>(Func<T> step)
        where T : class
    {
        if (Interlocked.Exchange(ref _used, 1) != 0)
        {
            return new EdhocFailure(EdhocFailureKind.UnexpectedState, $"{GetType().Name} was already used");
        }
        try
        {
            return step();
        }
        catch (EdhocProtocolException e)
        {
            return e.Failure;
        }
    }

    private protected EdhocSessionState Next(EdhocPhase phase) => Data with { Phase = phase };
}
