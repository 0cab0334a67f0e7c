using System.Diagnostics.CodeAnalysis;

namespace Eals.Protocol.Edhoc;

/// <summary>The outcome of an EDHOC step: the next state (or value), or the failure that ended the session.</summary>
public readonly struct EdhocResult<T>
    where T : class
{
    private readonly T? _value;

    private EdhocResult(T? value, EdhocFailure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public EdhocFailure? Failure { get; }

    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    /// <summary>The value; throws <see cref="InvalidOperationException"/> when the step failed.</summary>
    public T Value => _value ?? throw new InvalidOperationException($"EDHOC step failed: {Failure}");

    public static implicit operator EdhocResult<T>(T value) => new(value, null);

    public static EdhocResult<T> Success(T value) => new(value, null);

    public static implicit operator EdhocResult<T>(EdhocFailure failure) => new(null, failure);

    public bool TryGetValue([NotNullWhen(true)] out T? value)
    {
        value = _value;
        return value is not null;
    }

    public override string ToString() => IsSuccess ? $"Success({_value})" : $"Failure({Failure})";
}
