using System.Text.Encodings.Web;

namespace Eals.Dashboard.Security;

/// <summary>
/// The login form: plain HTML, no script and no inline style (the content security policy allows
/// neither). The antiforgery token travels as a hidden field.
/// </summary>
public static class LoginPage
{
    public static string Render(string formFieldName, string requestToken, string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        string errorBlock = error is null ? "" : $"""
                <p id="login-error" role="alert">{html.Encode(error)}</p>

            """;
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>EALS operator login</title>
            </head>
            <body>
            <main>
            <h1>EALS operator login</h1>
            {errorBlock}<form method="post" action="/login">
            <input type="hidden" name="{html.Encode(formFieldName)}" value="{html.Encode(requestToken)}">
            <input type="hidden" name="returnUrl" value="{html.Encode(returnUrl)}">
            <p><label for="username">User name</label><br><input id="username" name="username" autocomplete="username" required autofocus></p>
            <p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
            <p><button id="login-submit" type="submit">Log in</button></p>
            </form>
            </main>
            </body>
            </html>

            """;
    }
}
