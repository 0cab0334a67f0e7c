namespace Eals.Protocol.Edhoc;

/// <summary>
/// Carries an <see cref="EdhocFailure"/> from deep inside a parser to the public step that converts it
/// to an <see cref="EdhocResult{T}"/>; never escapes the library.
/// </summary>
internal sealed class EdhocProtocolException(EdhocFailure failure) : Exception(failure.ToString())
{
    public EdhocFailure Failure { get; } = failure;

    public static EdhocProtocolException Of(EdhocFailureKind kind, string detail) => new(new EdhocFailure(kind, detail));
}
