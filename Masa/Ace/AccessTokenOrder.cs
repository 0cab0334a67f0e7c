namespace Eals.Masa.Ace;

/// <summary>The manufacturer's order for a pledge's token (JSON body of <c>POST /ace/tokens</c>); lifetime in seconds, default one week.</summary>
public sealed record AccessTokenOrder(string? Serial, string? Audience, string? Scope = null, long? LifetimeSeconds = null);
