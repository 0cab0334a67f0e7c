using Orleans.Runtime;

namespace Eals.Grains.Certificates;

/// <summary>Write-once record of an issued certificate; the storage's insert-only semantics back the uniqueness.</summary>
public sealed class CertificateRecordGrain(
    [PersistentState("certificate")] IPersistentState<CertificateRecordGrainState> state) : Grain, ICertificateRecordGrain
{
    public async Task<bool> RecordAsync(CertificateRecord record)
    {
        if (state.RecordExists || state.State.Record is not null)
        {
            return false;
        }
        state.State.Record = record;
        await state.WriteStateAsync();
        return true;
    }

    public Task<CertificateRecord?> GetAsync() => Task.FromResult(state.State.Record);
}
