using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Eals.Masa.Http;
using Microsoft.AspNetCore.Builder;

namespace Eals.Masa.Tests;

/// <summary>The standalone MASA as Program builds it, on a real Kestrel listener at 127.0.0.1 and a free port.</summary>
public sealed class MasaServer : IAsyncDisposable
{
    public const string Token = "test-admin-token-0123456789";

    private readonly WebApplication _app;

    private MasaServer(WebApplication app, Uri baseAddress, string data)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
        Data = data;
    }

    public HttpClient Client { get; }

    public string Data { get; }

    public IServiceProvider Services => _app.Services;

    public X509Certificate2 MasaCertificate => X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(Data, "manufacturer", "masa.pem")));

    public static async Task<MasaServer> StartAsync(string data, params string[] extra)
    {
        string[] args = ["--data", data, "--urls", "http://127.0.0.1:0", .. extra];
        if (!extra.Contains("--Masa:AdminToken"))
        {
            args = [.. args, "--Masa:AdminToken", Token];
        }

        var app = MasaHost.Build(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new MasaServer(app, new Uri(app.Urls.Single()), data);
    }

    public Task<HttpResponseMessage> RequestVoucherAsync(byte[] body, string contentType = MasaMediaTypes.VoucherCoseCbor)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return Client.PostAsync("/.well-known/brski/requestvoucher", content);
    }

    public Task<HttpResponseMessage> AdminGetAsync(string path, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
