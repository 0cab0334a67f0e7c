namespace Eals.Pledge.Enrollment;

/// <summary>How the fleet spreads its requests over several gateways of one registrar (<c>--spread</c>).</summary>
public enum GatewaySpreading
{
    /// <summary>Every request (retransmissions included) to a gateway picked at random: no gateway may hold what a pledge's next request needs.</summary>
    Datagram,

    /// <summary>
    /// Each pledge to one gateway picked at random for its whole enrollment, as a UDP load balancer (a Kubernetes Service,
    /// whose conntrack entry pins a flow to one backend) keeps a device's flow on one gateway.
    /// </summary>
    Pledge,
}
