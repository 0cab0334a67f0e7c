namespace Eals.Grains.Operators;

/// <summary>One page of a day's audit entries, oldest first; <see cref="Full"/>: later entries are on the next page.</summary>
[GenerateSerializer, Immutable]
[Alias("eals.audit-page")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] bool Full);
