using Eals.Silo;

// No --role: the embedded default (one process, everything on loopback, state under --data, default ./data).
// --role silo: a cluster member (see Cluster:Provider); --role gateway: a stand-alone CoAP gateway.
if (HostRoles.From(args) == HostRole.Gateway)
{
    using var gateway = StandaloneGateway.Build(args);
    await gateway.RunAsync();
}
else
{
    await using var app = EmbeddedSilo.Build(args);
    await app.RunAsync();
}
