namespace Eals.Grains.Registrar;

/// <summary>Whether a pledge the registrar authenticated may enroll.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.authorization-decision")]
public sealed record AuthorizationDecision([property: Id(0)] bool Allowed, [property: Id(1)] string Reason)
{
    public static AuthorizationDecision Allow(string reason) => new(true, reason);

    public static AuthorizationDecision Deny(string reason) => new(false, reason);
}
