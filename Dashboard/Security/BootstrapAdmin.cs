using Eals.Grains;
using System.Security.Cryptography;
using Eals.Grains.Operators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Eals.Dashboard.Security;

/// <summary>
/// First run: with no operator account in the cluster, creates <c>admin</c> with a random password and
/// prints it once on the console (never to the logs, never again); <see cref="PasswordConfigurationKey"/>
/// gives the password instead, for automation. Runs once the silo has started; when several silos start
/// together the accounts grain lets only one of them create it.
/// </summary>
public sealed partial class BootstrapAdmin(IGrainFactory grains, IConfiguration configuration, ILogger<BootstrapAdmin> logger) : IHostedLifecycleService
{
    public const string PasswordConfigurationKey = "Dashboard:BootstrapAdminPassword";
    public const string UserName = "admin";
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        string? configured = configuration[PasswordConfigurationKey];
        string password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString(Alphabet, 24) : configured;
        if (!await grains.Reference<IOperatorAccountsGrain>(0).BootstrapAsync(UserName, password))
        {
            return;
        }
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Out.WriteLineAsync($"Operator account '{UserName}' created; its password (shown only this once): {password}");
            await Console.Out.FlushAsync(cancellationToken);
            LogCreatedPrinted(logger, UserName);
        }
        else
        {
            LogCreatedConfigured(logger, UserName, PasswordConfigurationKey);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin '{Name}' created, password printed on the console: log in and change it")]
    private static partial void LogCreatedPrinted(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin '{Name}' created with the password from {Key}")]
    private static partial void LogCreatedConfigured(ILogger logger, string name, string key);
}
