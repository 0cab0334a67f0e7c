using System.Text;
using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Resources;

/// <summary>
/// /.well-known/core (RFC 6690 section 4): the links of every listed resource in application/link-format,
/// filtered by a query such as <c>?rt=core.edhoc</c> or <c>?href=/est*</c> (section 4.1, one filter, '*' as prefix match).
/// </summary>
public sealed class WellKnownCoreResource : CoapResource
{
    public const string ResourcePath = ".well-known/core";

    private readonly IReadOnlyList<ICoapResource> _resources;

    public WellKnownCoreResource(IReadOnlyList<ICoapResource> resources) : base(ResourcePath)
    {
        _resources = resources;
    }

    public override CoapLink? Link => null;

    protected override ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        var links = _resources.Select(r => r.Link).OfType<CoapLink>();
        var query = request.Message.GetQueries().FirstOrDefault();
        if (query is not null)
        {
            int equals = query.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? query : query[..equals];
            string value = equals < 0 ? "" : query[(equals + 1)..];
            links = links.Where(link => Matches(link, name, value));
        }
        var body = Encoding.UTF8.GetBytes(CoapLinkFormat.Serialize(links));
        return ValueTask.FromResult(CoapResponses.Create(CoapCode.Content, body, CoapContentFormat.LinkFormat));
    }

    private static bool Matches(CoapLink link, string name, string pattern)
    {
        if (name == "href")
        {
            return Match(link.Target, pattern);
        }
        foreach (var (attribute, value) in link.Attributes)
        {
            // Attributes such as rt and if hold space-separated lists; any item may match.
            if (attribute == name && (value ?? "").Split(' ').Any(item => Match(item, pattern)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Match(string value, string pattern)
        => pattern.EndsWith('*') ? value.StartsWith(pattern[..^1], StringComparison.Ordinal) : value == pattern;
}
