namespace Eals.Gateway.JoinProxy;

/// <summary>The host's switch for running only the join proxy: <c>--role join-proxy</c>.</summary>
public static class JoinProxyCommandLine
{
    public const string Role = "join-proxy";

    public static bool IsRequested(IReadOnlyList<string> args)
    {
        for (int i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == "--role" && args[i + 1] == Role)
            {
                return true;
            }
        }
        return args.Contains("--role=" + Role);
    }
}
