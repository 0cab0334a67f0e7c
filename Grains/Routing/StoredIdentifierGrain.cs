using System.Collections.Concurrent;
using Eals.Grains.Edhoc;
using Eals.Grains.Oscore;
using Eals.Grains.Pledges;
using Eals.Grains.Storage;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Storage;

namespace Eals.Grains.Routing;

/// <summary>
/// Answers from the grain storage's rows, read by primary key, never by activating the grain they belong to: an
/// unknown identifier costs one call here and one to three indexed reads (the pledge that holds the kid, through
/// <see cref="IGrainStateLookup"/>; a context grain's row, which access tokens, pre-shared keys and the releases before
/// the pledge grain owned contexts left; a completed session's row, which names the owner for contexts of the release
/// before the lookup keys). Positive answers are kept a while (an attacker cannot make them; bounded all the same);
/// negative ones are not, so a context made a moment ago is found.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class StoredIdentifierGrain(TimeProvider time, IGrainStateLookup? lookup = null) : Grain, IStoredIdentifierGrain
{
    public const int Capacity = 10_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (StoredContext Context, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    private IGrainStorage? _storage;

    // The storage every registrar grain uses (the default provider): the context and session grains name no other.
    private IGrainStorage Storage => _storage ??= GrainStorageHelpers.GetGrainStorage(typeof(SecurityContextGrain), ServiceProvider);

    public async Task<StoredContext> FindContextAsync(string key)
    {
        if (_known.TryGetValue(key, out var known) && known.Until > time.GetUtcNow())
        {
            return known.Context;
        }
        var found = await LookUpContextAsync(key);
        if (found.Exists)
        {
            Remember(key, found);
        }
        return found;
    }

    public async Task<bool> SessionStoredAsync(string connectionId)
    {
        string key = "session:" + connectionId;
        if (_known.TryGetValue(key, out var known) && known.Until > time.GetUtcNow())
        {
            return true;
        }
        bool stored = await StoredAsync<IEdhocSessionGrain, EdhocSessionGrainState>(connectionId, EdhocSessionGrainState.StateName);
        if (stored)
        {
            Remember(key, new StoredContext(true, null));
        }
        return stored;
    }

    private async Task<StoredContext> LookUpContextAsync(string key)
    {
        // A pre-shared key's context (ID Context and kid) only ever lives in its context grain.
        bool edhoc = !key.Contains('-', StringComparison.Ordinal);
        if (edhoc && lookup is not null && await lookup.FindAsync(PledgeGrainState.StateName, PledgeGrainState.KidKey(key)) is { } owner)
        {
            return new StoredContext(true, owner);
        }
        if (await StoredAsync<ISecurityContextGrain, SecurityContextGrainState>(key, SecurityContextGrainState.StateName))
        {
            return new StoredContext(true, null);
        }
        // The context grain asks this session for the owner (pledges enrolled before the storage kept lookup keys).
        return edhoc && await StoredAsync<IEdhocSessionGrain, EdhocSessionGrainState>(key, EdhocSessionGrainState.StateName)
            ? new StoredContext(true, null)
            : StoredContext.None;
    }

    private async Task<bool> StoredAsync<TGrain, TState>(string key, string stateName) where TGrain : IGrainWithStringKey where TState : new()
    {
        var row = new GrainState<TState>(new TState());
        await Storage.ReadStateAsync(stateName, GrainFactory.Reference<TGrain>(key).GetGrainId(), row);
        return row.RecordExists;
    }

    private void Remember(string key, StoredContext context)
    {
        if (_known.Count >= Capacity)
        {
            _known.Clear();
        }
        _known[key] = (context, time.GetUtcNow() + Lifetime);
    }
}
