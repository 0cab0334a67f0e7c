using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Eals.Integration.Tests.Ace;

/// <summary>
/// An HTTP relay on loopback between the registrar and its MASA that loses the AS's answer to the first
/// introspection: the request reaches the AS (which answers, spending nonce1), the registrar gets 502.
/// </summary>
public sealed class AnswerDroppingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private int _introspections;

    private AnswerDroppingProxy(WebApplication app) => _app = app;

    /// <summary>Where requests go on; set once the MASA listens.</summary>
    public Uri? Upstream { get; set; }

    public int Introspections => Volatile.Read(ref _introspections);

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

    public static async Task<AnswerDroppingProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new AnswerDroppingProxy(app);
        app.Run(proxy.RelayAsync);
        await app.StartAsync();
        return proxy;
    }

    private async Task RelayAsync(HttpContext context)
    {
        var upstream = Upstream ?? throw new InvalidOperationException("no upstream yet");
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(upstream, context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        if (context.Request.ContentType is { } type)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var header in context.Request.Headers.Where(h => h.Key is "Accept" or "Authorization"))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        using var response = await _upstream.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        if (context.Request.Path.Value!.EndsWith("/ace/introspect", StringComparison.Ordinal) && Interlocked.Increment(ref _introspections) == 1)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }
        await context.Response.Body.WriteAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
