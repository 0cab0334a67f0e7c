using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Eals.Grains;

/// <summary>
/// Grain references by key, made from a <see cref="GrainId"/>. Orleans 10.4's <c>GetGrain&lt;T&gt;(key)</c> resolves the
/// interface's <see cref="GrainInterfaceType"/> on every call, reading its custom attributes through reflection (about 1 %
/// of the silo's CPU on the enrollment path); here the grain type and the interface type are resolved by Orleans once per
/// factory and interface (from the first reference Orleans makes), and every later reference comes from the cached pair.
/// </summary>
public static class GrainReferences
{
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, Resolved?>> Resolutions = new();

    /// <summary>The reference to the grain of interface <typeparamref name="T"/> under a string key.</summary>
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        TryKnown(grains, IdSpan.Create(key), out T known) ? known : Remember(grains, grains.GetGrain<T>(key));

    /// <summary>The reference to the grain of interface <typeparamref name="T"/> under an integer key.</summary>
    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        TryKnown(grains, GrainIdKeyExtensions.CreateIntegerKey(key), out T known) ? known : Remember(grains, grains.GetGrain<T>(key));

    private static bool TryKnown<T>(IGrainFactory grains, IdSpan key, out T reference) where T : IGrain
    {
        ArgumentNullException.ThrowIfNull(grains);
        if (Resolutions.GetOrCreateValue(grains).TryGetValue(typeof(T), out var resolved) && resolved is not null)
        {
            reference = (T)grains.GetGrain(GrainId.Create(resolved.GrainType, key), resolved.InterfaceType);
            return true;
        }
        reference = default!;
        return false;
    }

    // A factory whose references are not Orleans' (a test's stand-in grains) is asked every time: nothing to resolve.
    private static T Remember<T>(IGrainFactory grains, T reference) where T : IGrain
    {
        Resolutions.GetOrCreateValue(grains).TryAdd(typeof(T), reference is GrainReference made ? new Resolved(made.GrainId.Type, made.InterfaceType) : null);
        return reference;
    }

    private sealed record Resolved(GrainType GrainType, GrainInterfaceType InterfaceType);
}
