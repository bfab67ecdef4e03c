using System.Text.Encodings.Web;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// The status page's server-rendered HTML: the sign-in form and the page that says the admin surface
/// is off. Pure text; every value put into it is HTML-encoded. The signed-in page is a static
/// document (<c>Assets/status.html</c>) whose script fills it from the admin API.
/// </summary>
public static class StatusPages
{
    /// <summary>
    /// The sign-in form, posting the token to <c>/status/sign-in</c>; <paramref name="message"/> (when
    /// given) says why the last attempt failed, <paramref name="returnTo"/> is where a sign-in leads.
    /// </summary>
    public static string SignIn(string? message, string returnTo) => Document("Sign in", $"""
        <main class="narrow">
          <h1>PortKeeper</h1>
          <p>Sign in with the node's admin token (<code>--admin-token</code>).</p>
          {(message is null ? "" : $"""<p class="error" role="alert" id="sign-in-error">{Encode(message)}</p>""")}
          <form method="post" action="{StatusEndpoints.SignInPath}" id="sign-in">
            <input type="hidden" name="{StatusEndpoints.ReturnParameter}" value="{Encode(returnTo)}">
            <label for="token">Admin token</label>
            <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
            <button type="submit">Sign in</button>
          </form>
        </main>
        """);

    /// <summary>The page of a node started without <c>--admin-token</c>.</summary>
    public static string Off() => Document("Admin surface off", """
        <main class="narrow">
          <h1>PortKeeper</h1>
          <p class="error" role="alert" id="admin-off">The admin surface of this node is off (403): it was started without an admin token.</p>
          <p>Start PortKeeper with <code>--admin-token &lt;secret&gt;</code> (16 characters or more; or set
          <code>PortKeeper__AdminToken</code>, or <code>PortKeeper:AdminToken</code> in appsettings.json) to use this page,
          the admin API and the Orleans Dashboard, then sign in here with that secret.</p>
        </main>
        """);

    /// <summary>A whole document around <paramref name="body"/>, with the page's own style sheet.</summary>
    public static string Document(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{Encode(title)} · PortKeeper</title>
          <link rel="stylesheet" href="{StatusEndpoints.StylePath}">
        </head>
        <body>
        {body}
        </body>
        </html>
        """;

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
