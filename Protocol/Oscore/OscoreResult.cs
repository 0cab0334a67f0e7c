using System.Diagnostics.CodeAnalysis;

namespace Eals.Protocol.Oscore;

/// <summary>A value or a typed <see cref="OscoreError"/>; OSCORE processing never throws on received input.</summary>
public readonly struct OscoreResult<T>
    where T : class
{
    private OscoreResult(T? value, OscoreError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public OscoreError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static OscoreResult<T> Success(T value) => new(value, null);
    public static OscoreResult<T> Failure(OscoreError error) => new(null, error);

    public static implicit operator OscoreResult<T>(OscoreError error) => Failure(error);
    public static implicit operator OscoreResult<T>(T value) => Success(value);

    public override string ToString() => IsSuccess ? $"Success({Value})" : $"Failure({Error})";
}
