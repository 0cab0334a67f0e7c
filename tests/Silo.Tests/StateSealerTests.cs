using System.Security.Cryptography;
using Eals.Grains.Security;

namespace Eals.Silo.Tests;

/// <summary>Sealing of secrets in grain state: round trips from many threads at once, bound to their purpose, tamper-evident.</summary>
public sealed class StateSealerTests
{
    private readonly AesGcmStateSealer _sealer = new(RandomNumberGenerator.GetBytes(AesGcmStateSealer.KeyLength));

    [Fact]
    public void Concurrent_seals_and_unseals_all_round_trip()
    {
        // Grains on every thread seal at once: a shared cipher instance would corrupt some blobs.
        int failures = 0;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                byte[] secret = RandomNumberGenerator.GetBytes(16 + (i % 200));
                try
                {
                    if (!secret.AsSpan().SequenceEqual(_sealer.Unseal(_sealer.Seal(secret, $"grain/{t}/{i}"), $"grain/{t}/{i}")))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (CryptographicException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_blob_opens_only_for_its_purpose_and_key_and_when_untouched()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[] blob = _sealer.Seal(secret, "edhoc-session/0a");

        Assert.Null(_sealer.Unseal(blob, "edhoc-session/0b"));
        Assert.Null(new AesGcmStateSealer(RandomNumberGenerator.GetBytes(32)).Unseal(blob, "edhoc-session/0a"));
        for (int i = 0; i < blob.Length; i++)
        {
            byte[] tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;
            Assert.Null(_sealer.Unseal(tampered, "edhoc-session/0a"));
        }
        Assert.Null(_sealer.Unseal(blob.AsSpan(0, 10), "edhoc-session/0a"));
        Assert.False(blob.AsSpan().IndexOf(secret) >= 0);
    }
}
