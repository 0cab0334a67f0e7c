namespace Eals.Grains.Operators;

/// <summary>
/// One page of the append-only operator audit log, keyed <c>yyyy-MM-dd/page</c> (UTC day, page from 0):
/// a page holds at most <see cref="OperatorAuditGrain.PageSize"/> entries, so no grain's state grows
/// without bound however busy a day is. Entries are never changed or removed.
/// </summary>
[Alias("eals.operator-audit")]
public interface IOperatorAuditGrain : IGrainWithStringKey
{
    /// <summary>Appends the entry; false (nothing stored) when the page is full and the next page must take it.</summary>
    [Alias("append")]
    Task<bool> AppendAsync(AuditEntry entry);

    [Alias("read")]
    Task<AuditPage> ReadAsync();
}
