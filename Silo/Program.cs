using Eals.Gateway.JoinProxy;
using Eals.Silo;
using Microsoft.Extensions.Hosting;

// --role join-proxy: only the stateless join proxy (section JoinProxy), no Orleans, no state.
if (JoinProxyCommandLine.IsRequested(args))
{
    var proxy = Host.CreateApplicationBuilder(args);
    proxy.Services.AddJoinProxy(proxy.Configuration);
    await proxy.Build().RunAsync();
    return;
}

// No --role: the embedded default (one process, everything on loopback, state under --data, default ./data).
// --role silo: a cluster member (see Cluster:Provider); --role gateway: a stand-alone CoAP gateway.
if (HostRoles.From(args) == HostRole.Gateway)
{
    await using var gateway = StandaloneGateway.Build(args);
    await gateway.RunAsync();
}
else
{
    await using var app = EmbeddedSilo.Build(args);
    await app.RunAsync();
}
