using Eals.Protocol.Crypto;
using Eals.Protocol.Edhoc;

namespace Eals.Protocol.Tests.Edhoc;

/// <summary>The tag in the registrar's connection identifiers: what it issues passes, anything else is refused.</summary>
public sealed class TaggedConnectionIdTests
{
    private static readonly byte[] Key = new RoutingKeys(Enumerable.Range(1, RoutingKeys.SecretLength).Select(i => (byte)i).ToArray()).ConnectionIdTag;

    [Theory]
    [InlineData(TaggedConnectionId.MinLength)]
    [InlineData(TaggedConnectionId.MaxLength)]
    public void An_issued_identifier_is_valid(int length)
    {
        var random = new SeededRandomSource(length);
        for (int i = 0; i < 1000; i++)
        {
            byte[] id = TaggedConnectionId.Create(Key, length, random);
            Assert.Equal(length, id.Length);
            Assert.True(TaggedConnectionId.IsValid(Key, id));
        }
    }

    [Fact]
    public void Any_flipped_bit_is_refused()
    {
        byte[] id = TaggedConnectionId.Create(Key, TaggedConnectionId.MaxLength, new SeededRandomSource(7));
        for (int bit = 0; bit < id.Length * 8; bit++)
        {
            byte[] flipped = (byte[])id.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(TaggedConnectionId.IsValid(Key, flipped), $"bit {bit} flipped was accepted");
        }
    }

    [Fact]
    public void Another_key_refuses_it()
    {
        byte[] id = TaggedConnectionId.Create(Key, TaggedConnectionId.MaxLength, new SeededRandomSource(8));
        byte[] otherKey = new RoutingKeys(new byte[RoutingKeys.SecretLength]).ConnectionIdTag;
        Assert.False(TaggedConnectionId.IsValid(otherKey, id));
    }

    [Fact]
    public void Wrong_lengths_are_refused()
    {
        byte[] id = TaggedConnectionId.Create(Key, TaggedConnectionId.MaxLength, new SeededRandomSource(9));
        Assert.False(TaggedConnectionId.IsValid(Key, id.AsSpan(0, TaggedConnectionId.MinLength - 1)));
        Assert.False(TaggedConnectionId.IsValid(Key, []));
        Assert.False(TaggedConnectionId.IsValid(Key, [.. id, 0]));
        // The tag alone, or one more random byte in front, is not the identifier that was issued.
        Assert.False(TaggedConnectionId.IsValid(Key, id.AsSpan(1)));
        Assert.False(TaggedConnectionId.IsValid(Key, [0, .. id.AsSpan(0, TaggedConnectionId.MinLength)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaggedConnectionId.Create(Key, TaggedConnectionId.MinLength - 1, new SeededRandomSource(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaggedConnectionId.Create(Key, TaggedConnectionId.MaxLength + 1, new SeededRandomSource(1)));
    }

    [Fact]
    public void Random_identifiers_are_almost_never_valid()
    {
        var random = new SeededRandomSource(10);
        byte[] id = new byte[TaggedConnectionId.MaxLength];
        int accepted = 0;
        for (int i = 0; i < 100_000; i++)
        {
            random.Fill(id);
            accepted += TaggedConnectionId.IsValid(Key, id) ? 1 : 0;
        }
        // Expected 100,000 / 2^24 = 0.006; more than one means the tag is not checked as specified.
        Assert.True(accepted <= 1, $"{accepted} of 100,000 random identifiers passed");
    }
}
