using Eals.Gateway.Messaging;
using Eals.Protocol.Coap;

namespace Eals.Gateway.Resources;

/// <summary>A resource with one overridable handler per method; methods not overridden get 4.05 (RFC 7252 section 5.8).</summary>
public abstract class CoapResource : ICoapResource
{
    protected CoapResource(string path)
    {
        Path = path.Trim('/');
    }

    public string Path { get; }

    public virtual CoapLink? Link => new($"/{Path}");

    public ValueTask<CoapMessage> HandleAsync(CoapRequest request, CancellationToken cancellationToken)
    {
        var method = request.Method;
        if (method == CoapCode.Get)
        {
            return OnGetAsync(request, cancellationToken);
        }
        if (method == CoapCode.Post)
        {
            return OnPostAsync(request, cancellationToken);
        }
        if (method == CoapCode.Put)
        {
            return OnPutAsync(request, cancellationToken);
        }
        if (method == CoapCode.Delete)
        {
            return OnDeleteAsync(request, cancellationToken);
        }
        if (method == CoapCode.Fetch)
        {
            return OnFetchAsync(request, cancellationToken);
        }
        return NotAllowed(request);
    }

    protected virtual ValueTask<CoapMessage> OnGetAsync(CoapRequest request, CancellationToken cancellationToken) => NotAllowed(request);
    protected virtual ValueTask<CoapMessage> OnPostAsync(CoapRequest request, CancellationToken cancellationToken) => NotAllowed(request);
    protected virtual ValueTask<CoapMessage> OnPutAsync(CoapRequest request, CancellationToken cancellationToken) => NotAllowed(request);
    protected virtual ValueTask<CoapMessage> OnDeleteAsync(CoapRequest request, CancellationToken cancellationToken) => NotAllowed(request);
    protected virtual ValueTask<CoapMessage> OnFetchAsync(CoapRequest request, CancellationToken cancellationToken) => NotAllowed(request);

    private ValueTask<CoapMessage> NotAllowed(CoapRequest request)
        => ValueTask.FromResult(CoapResponses.Error(CoapCode.MethodNotAllowed, $"{MethodName(request.Method)} is not allowed on /{Path}"));

    private static string MethodName(CoapCode method) => method.Value switch
    {
        1 => "GET",
        2 => "POST",
        3 => "PUT",
        4 => "DELETE",
        5 => "FETCH",
        6 => "PATCH",
        7 => "iPATCH",
        _ => $"method {method}",
    };
}
