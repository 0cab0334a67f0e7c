using System.Globalization;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Eals.Grains.Operators;

public sealed class OperatorAuditGrain([PersistentState("operator-audit")] IPersistentState<OperatorAuditState> state) : Grain, IOperatorAuditGrain
{
    public const int PageSize = 1000;

    /// <summary>The grain key of page <paramref name="page"/> of UTC day <paramref name="day"/>.</summary>
    public static string Key(DateOnly day, int page) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{page.ToString(CultureInfo.InvariantCulture)}";

    public async Task<bool> AppendAsync(AuditEntry entry)
    {
        if (state.State.Entries.Count >= PageSize)
        {
            return false;
        }
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
        return true;
    }

    [ReadOnly]
    public Task<AuditPage> ReadAsync() => Task.FromResult(new AuditPage([.. state.State.Entries], state.State.Entries.Count >= PageSize));
}

[GenerateSerializer]
[Alias("eals.operator-audit-state")]
public sealed class OperatorAuditState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}
