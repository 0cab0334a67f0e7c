namespace Eals.Pacing.Tests;

/// <summary>Polls a condition that background work (timers, reports) makes true; fails with the message after 20 s.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(100);
        }
    }
}
