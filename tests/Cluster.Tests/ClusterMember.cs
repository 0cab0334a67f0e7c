using Eals.Tests.Shared;
namespace Eals.Cluster.Tests;

/// <summary>A started silo or gateway process with the addresses it serves (a silo's dashboard host or a gateway's health listener, the CoAP gateway) when it has them.</summary>
public sealed record ClusterMember(SiloProcess Process, Uri? Http, Uri? Coap);
