using System.Reflection;

namespace Eals.Gateway.Tests;

/// <summary>
/// A grain factory whose grains record every call ("IInterface.Method") and answer it with the value the test gave for
/// that method name; a call the test gave no answer for fails the test's request.
/// </summary>
public class RecordingGrainFactory : DispatchProxy
{
    private List<string> _calls = [];
    private Dictionary<string, object?> _answers = [];
    private string _interface = "";

    public static IGrainFactory Create(List<string> calls, Dictionary<string, object?> answers) => (IGrainFactory)Create(typeof(IGrainFactory), calls, answers, "");

    private static object Create(Type interfaceType, List<string> calls, Dictionary<string, object?> answers, string name)
    {
        var proxy = (RecordingGrainFactory)DispatchProxy.Create(interfaceType, typeof(RecordingGrainFactory));
        proxy._calls = calls;
        proxy._answers = answers;
        proxy._interface = name;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var returns = targetMethod.ReturnType;
        if (targetMethod.Name == nameof(IGrainFactory.GetGrain) && returns.IsInterface)
        {
            return Create(returns, _calls, _answers, returns.Name);
        }
        string call = $"{_interface}.{targetMethod.Name}";
        lock (_calls)
        {
            _calls.Add(call);
        }
        if (!_answers.TryGetValue(targetMethod.Name, out var answer))
        {
            throw new InvalidOperationException($"unexpected grain call {call}");
        }
        var fromResult = typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(returns.GetGenericArguments()[0]);
        return fromResult.Invoke(null, [answer]);
    }
}
