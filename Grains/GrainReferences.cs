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
        Reference(grains, IdSpan.Create(key), () => grains.GetGrain<T>(key));

    /// <summary>The reference to the grain of interface <typeparamref name="T"/> under an integer key.</summary>
    public static T Reference<T>(this IGrainFactory grains, long key) where T : IGrainWithIntegerKey =>
        Reference(grains, GrainIdKeyExtensions.CreateIntegerKey(key), () => grains.GetGrain<T>(key));

    private static T Reference<T>(IGrainFactory grains, IdSpan key, Func<T> fromOrleans) where T : IGrain
    {
        ArgumentNullException.ThrowIfNull(grains);
        var known = Resolutions.GetOrCreateValue(grains);
        if (known.TryGetValue(typeof(T), out var resolved) && resolved is not null)
        {
            return (T)grains.GetGrain(GrainId.Create(resolved.GrainType, key), resolved.InterfaceType);
        }
        var reference = fromOrleans();
        Remember(known, typeof(T), reference);
        return reference;
    }

    // A factory whose references are not Orleans' (a test's stand-in grains) is asked every time: nothing to resolve.
    private static void Remember(ConcurrentDictionary<Type, Resolved?> known, Type type, object reference) =>
        known.TryAdd(type, reference is GrainReference made ? new Resolved(made.GrainId.Type, made.InterfaceType) : null);

    private sealed record Resolved(GrainType GrainType, GrainInterfaceType InterfaceType);
}
