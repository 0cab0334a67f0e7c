using System.Reflection;

namespace Eals.Gateway.Tests;

/// <summary>
/// A grain factory whose every grain answers every call with the given exception, as the Orleans client
/// does when the silo it reached died, refused the connection or did not answer in time.
/// </summary>
public class FailingGrainFactory : DispatchProxy
{
    private Func<Exception> _failure = () => new InvalidOperationException("no failure configured");

    public static IGrainFactory Throwing(Func<Exception> failure) => Create(typeof(IGrainFactory), failure);

    private static T Create<T>(Func<Exception> failure) => (T)(object)Create(typeof(T), failure);

    private static dynamic Create(Type interfaceType, Func<Exception> failure)
    {
        var proxy = (FailingGrainFactory)DispatchProxy.Create(interfaceType, typeof(FailingGrainFactory));
        proxy._failure = failure;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var returns = targetMethod.ReturnType;
        if (targetMethod.Name == nameof(IGrainFactory.GetGrain) && returns.IsInterface)
        {
            return Create(returns, _failure);
        }
        if (returns == typeof(Task))
        {
            return Task.FromException(_failure());
        }
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var fromException = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!;
            return fromException.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(null, [_failure()]);
        }
        throw new NotSupportedException($"{targetMethod.Name} is not used by the gateway");
    }
}
