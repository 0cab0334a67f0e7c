using Microsoft.Playwright;

namespace Eals.Browser.Tests;

/// <summary>Signs the bootstrap administrator in through the login page, as an operator would.</summary>
public static class OperatorLogin
{
    public static async Task SignInAsync(IPage page, Uri dashboard, string password)
    {
        await page.GotoAsync(new Uri(dashboard, "/").ToString());
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
    }
}
