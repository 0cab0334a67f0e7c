using System.Buffers.Binary;
using Eals.Gateway.JoinProxy;
using Eals.Gateway.Transport;
using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace Eals.Gateway.Tests;

/// <summary>The join proxy keeps nothing per pledge: what it retains is the same after 100 pledges and after 2,100.</summary>
public sealed class JoinProxyMemoryTests
{
    [Fact]
    public void What_the_proxy_retains_does_not_grow_with_the_number_of_pledges()
    {
        var time = new FakeTimeProvider();
        using var codec = new JoinProxyTokenCodec(JoinProxyFixture.Key(1), SystemRandomSource.Instance);
        var relay = JoinProxyFixture.CreateRelay(codec, time);
        var pledges = new PledgeSink();
        var registrar = new EchoingRegistrar(relay);
        relay.PledgeSide.Attach(pledges);
        relay.RegistrarSide.Attach(registrar);

        // Synchronous on one thread: the relay is, and per-thread crypto state then stays one instance.
        void Enroll(int first, int count)
        {
            for (int i = first; i < first + count; i++)
            {
                var pledge = JoinProxyFixture.Peer($"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}", 20000 + i);
                var token = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(token, pledge.Port);
                var trigger = JoinProxyFixture.Request(CoapMessageType.Confirmable, (ushort)i, token);
                relay.FromPledge(pledges, pledge, CoapMessageSerializer.Serialize(trigger));
            }
        }

        Enroll(0, 100); // warm-up: lazily made parts are made
        var after100 = RetainedGraph.Measure(relay);
        Enroll(100, 2000);
        var after2100 = RetainedGraph.Measure(relay);

        Assert.Equal(2100, registrar.Answered);
        Assert.Equal(2100, pledges.Received);
        Assert.Equal(0, pledges.Misrouted);
        Assert.Equal(after100, after2100);
        Assert.InRange(after2100.Objects, 10, 10_000); // the walk did reach the relay's parts
    }

    [Fact]
    public void The_measure_sees_a_collection_that_grows()
    {
        var holder = new List<string> { "a" };
        var before = RetainedGraph.Measure(holder);

        for (int i = 0; i < 100; i++)
        {
            holder.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(RetainedGraph.Measure(holder).Objects > before.Objects);
        Assert.True(RetainedGraph.Measure(holder).ArrayElements > before.ArrayElements);
    }
}
