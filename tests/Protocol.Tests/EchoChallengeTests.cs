using Eals.Protocol.Coap;
using Eals.Protocol.Crypto;

namespace Eals.Protocol.Tests;

/// <summary>RFC 9175 stateless Echo values: MAC over (time, requester), fresh within the window, worthless to anyone else.</summary>
public sealed class EchoChallengeTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);
    private const string Pledge = "127.0.0.1:40000";

    private static readonly EchoChallenge Challenge = new(new RoutingKeys(new byte[RoutingKeys.SecretLength]).Echo, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

    [Fact]
    public void A_value_is_4_bytes_of_time_and_8_of_mac_and_fits_the_echo_option()
    {
        var value = Challenge.Issue(Issued, Pledge);

        Assert.Equal(12, value.Length);
        Assert.True(CoapOptionRegistry.Default.TryGet(CoapOptionNumber.Echo, out var echo));
        Assert.InRange(value.Length, echo.MinLength, echo.MaxLength);
        Assert.Equal((uint)Issued.ToUnixTimeSeconds(), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(-5)] // another gateway's clock a little ahead
    public void A_fresh_value_for_the_same_requester_is_accepted(int secondsLater)
    {
        var value = Challenge.Issue(Issued, Pledge);

        Assert.Equal(EchoVerdict.Fresh, Challenge.Check(value, Issued.AddSeconds(secondsLater), Pledge));
    }

    [Theory]
    [InlineData(61)]
    [InlineData(3600)]
    public void A_value_older_than_the_window_is_stale(int secondsLater)
    {
        var value = Challenge.Issue(Issued, Pledge);

        Assert.Equal(EchoVerdict.Stale, Challenge.Check(value, Issued.AddSeconds(secondsLater), Pledge));
    }

    [Fact]
    public void A_value_from_beyond_the_skew_in_the_future_is_refused()
    {
        var value = Challenge.Issue(Issued.AddSeconds(6), Pledge);

        Assert.Equal(EchoVerdict.FromTheFuture, Challenge.Check(value, Issued, Pledge));
    }

    [Theory]
    [InlineData("127.0.0.1:40001")]
    [InlineData("127.0.0.2:40000")]
    [InlineData("proxy:127.0.0.1/0001020304050607")]
    public void A_value_issued_to_another_requester_is_refused(string other)
    {
        var value = Challenge.Issue(Issued, Pledge);

        Assert.Equal(EchoVerdict.Forged, Challenge.Check(value, Issued, other));
    }

    [Fact]
    public void A_value_made_with_another_key_is_refused()
    {
        var otherKey = new EchoChallenge(new RoutingKeys(Enumerable.Repeat((byte)7, RoutingKeys.SecretLength).ToArray()).Echo, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        Assert.Equal(EchoVerdict.Forged, Challenge.Check(otherKey.Issue(Issued, Pledge), Issued, Pledge));
    }

    [Fact]
    public void Every_tampered_bit_is_refused()
    {
        var value = Challenge.Issue(Issued, Pledge);
        for (int bit = 0; bit < value.Length * 8; bit++)
        {
            var tampered = (byte[])value.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));

            // A changed time is not "stale" or "from the future": the MAC covers it.
            Assert.Equal(EchoVerdict.Forged, Challenge.Check(tampered, Issued, Pledge));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(40)]
    public void A_value_of_another_length_is_refused(int length)
    {
        var value = Challenge.Issue(Issued, Pledge);
        var resized = new byte[length];
        value.AsSpan(0, Math.Min(length, value.Length)).CopyTo(resized);

        Assert.Equal(EchoVerdict.WrongLength, Challenge.Check(resized, Issued, Pledge));
    }

    [Fact]
    public void Two_servers_with_the_same_key_accept_each_others_values()
    {
        var elsewhere = new EchoChallenge(new RoutingKeys(new byte[RoutingKeys.SecretLength]).Echo, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5));

        Assert.Equal(EchoVerdict.Fresh, elsewhere.Check(Challenge.Issue(Issued, Pledge), Issued.AddSeconds(2), Pledge));
    }

    [Fact]
    public void A_long_binding_is_macced_whole()
    {
        string longBinding = new('x', 1000);
        var value = Challenge.Issue(Issued, longBinding);

        Assert.Equal(EchoVerdict.Fresh, Challenge.Check(value, Issued, longBinding));
        Assert.Equal(EchoVerdict.Forged, Challenge.Check(value, Issued, longBinding[..999] + "y"));
    }
}
