using System.Text.Json;

namespace Eals.Integration.Tests.Operator;

/// <summary>A client of <c>GET /api/events</c>: reads the stream as it comes and hands out parsed events.</summary>
public sealed class ServerSentEvents : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private ServerSentEvents(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<ServerSentEvents> OpenAsync(HttpClient api, string path = "/api/events")
    {
        var response = await api.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new ServerSentEvents(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event of <paramref name="type"/> whose data satisfies <paramref name="match"/>; fails after 30 s.</summary>
    public async Task<JsonElement> NextAsync(string type, Func<JsonElement, bool> match) =>
        (await NextAsync((t, data) => t == type && match(data), type)).Data;

    /// <summary>Reads on until every one of <paramref name="expected"/> has been matched by some event, in any order.</summary>
    public async Task AllAsync(params (string Type, Func<JsonElement, bool> Match)[] expected)
    {
        var missing = expected.ToList();
        while (missing.Count > 0)
        {
            await NextAsync((type, data) => missing.RemoveAll(e => e.Type == type && e.Match(data)) > 0, string.Join(", ", missing.Select(m => m.Type)));
        }
    }

    private async Task<(string Type, JsonElement Data)> NextAsync(Func<string, JsonElement, bool> match, string wanted)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? eventType = null;
        var data = new List<string>();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no '{wanted}' event matched within 30 s");
            }
            Assert.NotNull(line);
            if (line.Length == 0)
            {
                if (eventType is not null && data.Count > 0)
                {
                    var element = JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone();
                    if (match(eventType, element))
                    {
                        return (eventType, element);
                    }
                }
                (eventType, data) = (null, []);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
