using Eals.Protocol.Pki;
using Eals.Masa.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Eals.Masa;

/// <summary>
/// The standalone MASA: configuration from appsettings, environment and command line (<c>--data DIR</c>, default
/// <c>./data</c>; <c>--urls</c> or <c>ASPNETCORE_URLS</c>, default <see cref="DefaultUrls"/>; any <c>--Masa:…</c> key).
/// </summary>
public static class MasaHost
{
    public const string DataConfigurationKey = "Data:Path";
    public const string DefaultUrls = "http://127.0.0.1:9443";

    public static readonly IDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data"] = DataConfigurationKey,
    };

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        // "urls" is where both --urls and ASPNETCORE_URLS land; loopback unless told otherwise.
        builder.WebHost.UseUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : DefaultUrls);
        // One line per request from ASP.NET Core drowns the MASA's own log; no appsettings.json, so that a host
        // embedding this project (the silo) never gets two of them in its output.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.AddMasa(builder.Configuration, PrepareDataFolder(builder.Configuration[DataConfigurationKey]));
        return builder;
    }

    public static WebApplication Build(string[] args)
    {
        var app = CreateBuilder(args).Build();
        app.UseStatusCodePages();
        app.MapMasa();
        return app;
    }

    private static string PrepareDataFolder(string? configured)
    {
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, Environment.CurrentDirectory);
        OwnerOnlyFiles.CreateFolder(path);
        return path;
    }
}
