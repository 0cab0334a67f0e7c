using Eals.Silo;
using Microsoft.Extensions.Hosting;

// The embedded default: one process, everything on loopback, state under --data (default ./data).
using var host = EmbeddedSilo.CreateBuilder(args).Build();
await host.RunAsync();
