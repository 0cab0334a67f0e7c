using System.Net;
using Eals.Protocol.Coap;
using Microsoft.Extensions.Options;

namespace Eals.Gateway.JoinProxy;

/// <summary>Checks what data annotations cannot, with messages that say how to fix it.</summary>
public sealed class JoinProxyOptionsValidator : IValidateOptions<JoinProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, JoinProxyOptions options)
    {
        var failures = new List<string>();
        if (!IPEndPoint.TryParse(options.Upstream, out var upstream) || upstream.Port == 0)
        {
            failures.Add($"JoinProxy:Upstream is '{options.Upstream}'; it must be the registrar's gateway as address:port, e.g. 127.0.0.1:5683 or [::1]:5683.");
        }
        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"JoinProxy:Address is '{options.Address}', which is not an IP address (e.g. 127.0.0.1 or ::1).");
        }
        if (options.UpstreamBind.Length > 0 && !IPAddress.TryParse(options.UpstreamBind, out _))
        {
            failures.Add($"JoinProxy:UpstreamBind is '{options.UpstreamBind}', which is not an IP address (or leave it empty).");
        }
        if (options.ResponseLifetime <= TimeSpan.Zero)
        {
            failures.Add("JoinProxy:ResponseLifetime must be above zero (default EXCHANGE_LIFETIME, 247 s).");
        }
        if (options.UpstreamSocketCount(CoapTransmissionParameters.Default) > JoinProxyOptions.MaxUpstreamSockets)
        {
            failures.Add($"JoinProxy:Rate {options.Rate}/s with Burst {options.Burst} needs more than {JoinProxyOptions.MaxUpstreamSockets} upstream sockets to keep Message IDs unique for NON_LIFETIME; lower the rate.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
