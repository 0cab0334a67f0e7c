using System.Net;
using System.Numerics;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.Hosting;

/// <summary>Checks what data annotations cannot, with messages that say how to fix it.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        foreach (var address in options.Addresses)
        {
            if (!IPAddress.TryParse(address, out _))
            {
                failures.Add($"Gateway:Addresses contains '{address}', which is not an IP address (use e.g. 127.0.0.1, ::1 or 0.0.0.0).");
            }
        }
        if (!BitOperations.IsPow2(options.MaxBlockSize))
        {
            failures.Add($"Gateway:MaxBlockSize is {options.MaxBlockSize}; it must be a power of two between 16 and 1024.");
        }
        if (options.SeparateResponseAfter <= TimeSpan.Zero || options.SeparateResponseAfter >= TimeSpan.FromSeconds(2))
        {
            failures.Add("Gateway:SeparateResponseAfter must be above zero and below ACK_TIMEOUT (2 s), or clients retransmit first.");
        }
        if (options.EchoWindow < TimeSpan.FromSeconds(2) || options.EchoWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"Gateway:EchoWindow is {options.EchoWindow}; it must be between 00:00:02 and 01:00:00 (a pledge echoes at once; a long window lets a captured value be replayed longer).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
