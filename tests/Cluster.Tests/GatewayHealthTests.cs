using Eals.Tests.Shared;
using System.Net;
using System.Text.Json;

namespace Eals.Cluster.Tests;

/// <summary>
/// A stand-alone gateway process's probes (issue 7): started before any silo it is alive (/healthz 200,
/// its UDP socket bound) but not ready (/readyz 503 problem details) and keeps trying; once a silo is up
/// it turns ready; /metrics serves its CoAP meter.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayHealthTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_gateway_is_alive_but_not_ready_without_a_silo_and_ready_once_the_cluster_answers()
    {
        await using var cluster = new LocalCluster(await postgres.CreateDatabaseAsync());
        var gateway = await cluster.StartGatewayAsync(FreePorts.Udp(), waitForCluster: false);
        using var http = new HttpClient { BaseAddress = gateway.Http, Timeout = TimeSpan.FromSeconds(30) };

        using (var alive = await http.GetAsync("/healthz"))
        {
            Assert.True(alive.StatusCode == HttpStatusCode.OK, $"{alive.StatusCode}\n{cluster.Logs()}");
        }
        using (var notReady = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("application/problem+json", notReady.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Equal("Not ready", problem.GetProperty("title").GetString());
        }

        await cluster.StartSiloAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        HttpStatusCode readiness;
        while ((readiness = (await http.GetAsync("/readyz", deadline.Token)).StatusCode) != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness);
            await Task.Delay(500, deadline.Token);
        }
        Assert.Equal("ready", await http.GetStringAsync("/readyz"));
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
        Assert.Contains("eals_coap_", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
