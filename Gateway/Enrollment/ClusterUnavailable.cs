using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Enrollment;

/// <summary>
/// A grain call that the cluster could not answer right now: a silo died and membership has not noticed
/// yet, a connection was refused, the call timed out, the gateway silo is overloaded. The request is
/// safe to repeat (EDHOC messages and OSCORE requests are answered alike when repeated), so the pledge
/// gets 5.03 with a short Max-Age and asks again, rather than 5.00, which would end its attempt.
/// </summary>
public static class ClusterUnavailable
{
    /// <summary>Seconds the pledge waits before repeating: about one membership probe interval.</summary>
    public const uint RetryAfterSeconds = 2;

    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutException or OrleansMessageRejectionException or SiloUnavailableException or GatewayTooBusyException => true,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsTransient(aggregate.InnerExceptions[0]),
        _ => false,
    };

    public static CoapMessage Response(Exception exception)
        => CoapResponses.ServiceUnavailable($"the cluster cannot answer right now ({exception.GetType().Name}); try again", RetryAfterSeconds);

    /// <summary>Runs a handler's grain calls, turning a transient cluster failure into 5.03 with Max-Age.</summary>
    public static async ValueTask<CoapMessage> GuardAsync(Func<ValueTask<CoapMessage>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsTransient(exception))
        {
            return Response(exception);
        }
    }
}
