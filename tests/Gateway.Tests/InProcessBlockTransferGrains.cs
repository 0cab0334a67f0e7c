using System.Collections.Concurrent;
using System.Reflection;
using Eals.Grains.Blockwise;

namespace Eals.Gateway.Tests;

/// <summary>
/// A grain factory whose block-wise grains are <see cref="BlockTransfers"/> objects in this process, one per
/// key: what the cluster's gateways share, without a silo. Every gateway given this factory sees the same ones.
/// </summary>
public class InProcessBlockTransferGrains : DispatchProxy
{
    private readonly ConcurrentDictionary<string, BlockTransfers> _grains = new();
    private Func<BlockTransfers> _create = () => throw new InvalidOperationException("not created through Create");

    public static IGrainFactory Create(BlockTransferSettings settings)
    {
        var proxy = DispatchProxy.Create<IGrainFactory, InProcessBlockTransferGrains>();
        ((InProcessBlockTransferGrains)(object)proxy)._create = () => new BlockTransfers(settings);
        return proxy;
    }

    public static BlockTransfers Grain(IGrainFactory factory, string key)
        => ((InProcessBlockTransferGrains)(object)factory)._grains[key];

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType == typeof(IBlockTransferGrain) && args?[0] is string key)
        {
            return _grains.GetOrAdd(key, _ => _create());
        }
        throw new NotSupportedException($"{targetMethod.Name} is not used by the block-wise store");
    }
}
