using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace Eals.Cluster.Tests;

/// <summary>
/// Pods on this machine: one network namespace per process, each with its own IPv4 address on a /24, joined by veth
/// pairs to a bridge in the root namespace (which holds .1, so the test process reaches every pod). Made with
/// <c>ip</c> (iproute2) and root; <see cref="TryCreate"/> says why when it cannot be. <see cref="TearDown"/> takes a pod
/// off the network and deletes its namespace, as a failed node would vanish; disposing removes everything.
/// </summary>
public sealed class PodNetwork : IDisposable
{
    private readonly string _tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    private readonly string _prefix;
    private readonly List<Pod> _pods = [];
    private int _next = 10;

    private PodNetwork()
    {
        _prefix = $"10.{RandomNumberGenerator.GetInt32(100, 250)}.{RandomNumberGenerator.GetInt32(0, 250)}";
    }

    private string Bridge => $"ealsb{_tag}";

    /// <summary>The root namespace's address on the pods' network (where the fleet's datagrams come from).</summary>
    public IPAddress Host => IPAddress.Parse($"{_prefix}.1");

    public static bool TryCreate(out PodNetwork? network, out string reason)
    {
        network = null;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            reason = "network namespaces need Linux and root; this runs as " + Environment.UserName;
            return false;
        }
        var made = new PodNetwork();
        try
        {
            Ip("link", "add", made.Bridge, "type", "bridge");
            Ip("addr", "add", $"{made.Host}/24", "dev", made.Bridge);
            Ip("link", "set", made.Bridge, "up");
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            made.Dispose();
            reason = "could not make the pods' bridge: " + e.Message;
            return false;
        }
        network = made;
        reason = "";
        return true;
    }

    /// <summary>A new namespace named after <paramref name="name"/>, with the network's next address.</summary>
    public Pod Add(string name)
    {
        int n = _next++;
        var pod = new Pod($"eals-{_tag}-{name}", IPAddress.Parse($"{_prefix}.{n}"), $"ealsh{_tag}{n}", $"ealsp{_tag}{n}");
        _pods.Add(pod);
        Ip("netns", "add", pod.Namespace);
        Ip("link", "add", pod.HostLink, "type", "veth", "peer", "name", pod.PodLink);
        Ip("link", "set", pod.PodLink, "netns", pod.Namespace);
        Ip("link", "set", pod.HostLink, "master", Bridge);
        Ip("link", "set", pod.HostLink, "up");
        Ip("netns", "exec", pod.Namespace, "ip", "addr", "add", $"{pod.Address}/24", "dev", pod.PodLink);
        Ip("netns", "exec", pod.Namespace, "ip", "link", "set", pod.PodLink, "up");
        Ip("netns", "exec", pod.Namespace, "ip", "link", "set", "lo", "up");
        return pod;
    }

    /// <summary>Takes the pod off the network (its link deleted) and deletes its namespace.</summary>
    public void TearDown(Pod pod)
    {
        TryIp("link", "del", pod.HostLink);
        TryIp("netns", "del", pod.Namespace);
    }

    public void Dispose()
    {
        foreach (var pod in _pods)
        {
            TearDown(pod);
        }
        TryIp("link", "del", Bridge);
    }

    private static void TryIp(params string[] arguments)
    {
        try
        {
            Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Ip(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }
}

/// <summary>One pod: its namespace, its address, and the two ends of its veth pair.</summary>
public sealed record Pod(string Namespace, IPAddress Address, string HostLink, string PodLink);
