using System.Net;

namespace Eals.Masa.Tests;

/// <summary>Every bit flip, truncation and extension of a valid request is refused with a 4xx and problem details, never a 500.</summary>
public sealed class MutationTests : RunningMasa
{
    [Fact]
    public async Task Mutated_requests_are_refused_with_4xx_and_claim_nothing()
    {
        var random = new Random(8995);
        var original = World.A.Request("SN-0501");
        var mutants = new List<byte[]>();
        for (int i = 0; i < 500; i++)
        {
            var mutant = (byte[])original.Clone();
            mutant[random.Next(mutant.Length)] ^= (byte)(1 << random.Next(8));
            mutants.Add(mutant);
        }

        for (int length = 0; length < original.Length; length += 7)
        {
            mutants.Add(original[..length]);
        }

        mutants.Add([.. original, 0x00]);

        foreach (var mutant in mutants)
        {
            using var response = await Masa.RequestVoucherAsync(mutant);
            Assert.True(
                response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
                $"{(int)response.StatusCode} for mutant {Convert.ToHexString(mutant)} of {Convert.ToHexString(original)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Masa.AdminGetAsync("/ownership/SN-0501")).StatusCode);
        using var genuine = await Masa.RequestVoucherAsync(original);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }
}
