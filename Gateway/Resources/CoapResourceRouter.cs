using System.Collections.Frozen;
using System.Text;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Resources;

/// <summary>
/// Routes requests to resources by their Uri-Path, and serves /.well-known/core (RFC 6690) listing them.
/// Lookup decodes the path into a stack buffer, so routing allocates nothing. OSCORE-protected requests
/// go to the <see cref="IProtectedRequestHandler"/>; without one, their critical OSCORE option is
/// unrecognised and they get 4.02 Bad Option (RFC 7252 section 5.4.1, RFC 8613 section 2).
/// </summary>
public sealed class CoapResourceRouter : ICoapRequestHandler
{
    private const int MaxStackPath = 512;

    private readonly FrozenDictionary<string, ICoapResource> _resources;
    private readonly FrozenDictionary<string, ICoapResource>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private readonly IProtectedRequestHandler? _protectedHandler;

    public CoapResourceRouter(IEnumerable<ICoapResource> resources, IProtectedRequestHandler? protectedHandler = null)
    {
        _protectedHandler = protectedHandler;
        var all = resources.ToList();
        if (!all.Any(r => r.Path == WellKnownCoreResource.ResourcePath))
        {
            all.Add(new WellKnownCoreResource(all));
        }
        var duplicate = all.GroupBy(r => r.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two resources are registered at /{duplicate.Key}.");
        }
        _resources = all.ToFrozenDictionary(r => r.Path, StringComparer.Ordinal);
        _lookup = _resources.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IEnumerable<ICoapResource> Resources => _resources.Values;

    public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        if (request.Message.HasOption(CoapOptionNumber.Oscore))
        {
            return _protectedHandler is null
                ? ValueTask.FromResult(CoapResponses.Error(CoapCode.BadOption, "OSCORE is not supported here"))
                : _protectedHandler.HandleAsync(request, cancellationToken);
        }
        var resource = Find(request.Message);
        if (resource is null)
        {
            return ValueTask.FromResult(CoapResponses.Error(CoapCode.NotFound, $"no resource at /{request.Message.GetPath()}"));
        }
        return resource.HandleAsync(request, cancellationToken);
    }

    private ICoapResource? Find(CoapMessage message)
    {
        int byteLength = 0;
        foreach (var option in message.Options)
        {
            if (option.Number == CoapOptionNumber.UriPath)
            {
                byteLength += option.Value.Length + 1;
            }
        }
        if (byteLength > MaxStackPath)
        {
            return _resources.GetValueOrDefault(message.GetPath());
        }
        Span<char> path = stackalloc char[MaxStackPath];
        int length = 0;
        foreach (var option in message.Options)
        {
            if (option.Number != CoapOptionNumber.UriPath)
            {
                continue;
            }
            if (length > 0)
            {
                path[length++] = '/';
            }
            if (!Encoding.UTF8.TryGetChars(option.Value.Span, path[length..], out int written))
            {
                return null;
            }
            length += written;
        }
        return _lookup.TryGetValue(path[..length], out var resource) ? resource : null;
    }
}
