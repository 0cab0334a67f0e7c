using Eals.Gateway.Hosting;
using Eals.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The embedded default: one process, everything on loopback, state under --data (default ./data).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);

var dataDirectory = DataDirectory.Prepare(builder.Configuration);
builder.Services.AddSingleton(dataDirectory);
builder.Services.AddCoapGateway(builder.Configuration);

using var host = builder.Build();
await host.RunAsync();
