using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PortKeeper.Gateway.Endpoints;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// The status page at <c>/status</c>: without a session the sign-in form, with one the page, whose
/// script reads the admin API with the session cookie; sign-in and sign-out; the page's own style
/// sheet and script, served by the node (nothing comes from elsewhere).
/// </summary>
public static class StatusEndpoints
{
    /// <summary>The page's path, also where a request without a session is sent to sign in.</summary>
    public const string Path = "/status";

    /// <summary>Where the sign-in form posts the token.</summary>
    public const string SignInPath = "/status/sign-in";

    /// <summary>Where the page posts to end its session.</summary>
    public const string SignOutPath = "/status/sign-out";

    /// <summary>The page's style sheet.</summary>
    public const string StylePath = "/status/status.css";

    /// <summary>The page's script.</summary>
    public const string ScriptPath = "/status/status.js";

    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The parameter that names the page a sign-in leads back to.</summary>
    public const string ReturnParameter = "returnUrl";

    private const string Html = "text/html; charset=utf-8";

    // The form has one short field: a bigger body is no sign-in.
    private static readonly FormOptions SignInForm = new()
    {
        ValueCountLimit = 4,
        KeyLengthLimit = 32,
        ValueLengthLimit = 1024,
        MultipartBodyLengthLimit = 4096,
        BufferBodyLengthLimit = 4096,
    };

    /// <summary>Maps the page, sign-in, sign-out and the page's assets.</summary>
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Page).WithName("StatusPage");
        // SameSite=Strict session cookies are the page's defence against cross-site requests; a
        // forged sign-in would need the token itself.
        endpoints.MapPost(SignInPath, SignInAsync).WithName("StatusSignIn").DisableAntiforgery();
        endpoints.MapPost(SignOutPath, SignOutAsync).WithName("StatusSignOut").DisableAntiforgery();
        endpoints.MapGet(StylePath, (HttpResponse response) => Asset(response, StatusAssets.Style, "text/css; charset=utf-8")).WithName("StatusStyle");
        endpoints.MapGet(ScriptPath, (HttpResponse response) => Asset(response, StatusAssets.Script, "text/javascript; charset=utf-8")).WithName("StatusScript");
        return endpoints;
    }

    /// <summary>The page with a session; the sign-in form without; a page saying how to turn it on (403) without <c>--admin-token</c>.</summary>
    public static ContentHttpResult Page(HttpRequest request, IOptions<PortKeeperOptions> options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        Protect(request.HttpContext.Response);
        if (options.Value.AdminToken is null)
        {
            return TypedResults.Content(StatusPages.Off(), Html, statusCode: StatusCodes.Status403Forbidden);
        }
        return StatusSession.IsSignedIn(request.HttpContext)
            ? TypedResults.Content(StatusAssets.Page, Html)
            : TypedResults.Content(StatusPages.SignIn(null, ReturnTo(request.Query[ReturnParameter])), Html);
    }

    /// <summary>
    /// Takes the form's token: the right one sets the session cookie and leads back to the page (or the
    /// dashboard); a wrong one shows the form again (401) and counts against the caller's address, which
    /// past the limit gets 429 with <c>Retry-After</c> whatever it sends.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> SignInAsync(
        HttpRequest request, IOptions<PortKeeperOptions> options, SignInGuard guard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(guard);
        Protect(request.HttpContext.Response);
        if (options.Value.AdminToken is not { } token)
        {
            return TypedResults.Content(StatusPages.Off(), Html, statusCode: StatusCodes.Status403Forbidden);
        }
        var (given, returnTo) = await ReadFormAsync(request);
        if (AdminAccess.Throttled(request) is { } throttled)
        {
            return WantsPage(request)
                ? TypedResults.Content(StatusPages.SignIn(throttled.ProblemDetails.Detail, returnTo), Html, statusCode: StatusCodes.Status429TooManyRequests)
                : throttled;
        }
        if (given is null)
        {
            return TypedResults.Content(StatusPages.SignIn("Type the admin token into the field below.", returnTo), Html, statusCode: StatusCodes.Status400BadRequest);
        }
        if (!AdminAccess.Matches(given, token))
        {
            guard.Failed(request.HttpContext.Connection.RemoteIpAddress);
            return TypedResults.Content(StatusPages.SignIn("That is not this node's admin token: nothing was signed in. Check --admin-token and try again.", returnTo),
                Html, statusCode: StatusCodes.Status401Unauthorized);
        }
        await StatusSession.SignInAsync(request.HttpContext);
        return TypedResults.Redirect(returnTo);
    }

    /// <summary>Ends the session and shows the sign-in form.</summary>
    public static async Task<RedirectHttpResult> SignOutAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await StatusSession.SignOutAsync(request.HttpContext);
        return TypedResults.Redirect(Path);
    }

    /// <summary>
    /// Where a sign-in may lead: the status page or the dashboard, never another site
    /// (<paramref name="given"/> is the form's or the query's).
    /// </summary>
    public static string ReturnTo(string? given) =>
        given is not null && (given == DashboardPath || given.StartsWith(DashboardPath + "/", StringComparison.Ordinal)) ? given : Path;

    // The token and return address of a posted form; a token of null when the body is no such form.
    private static async Task<(string? Token, string ReturnTo)> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentLength > SignInForm.BufferBodyLengthLimit)
        {
            return (null, Path);
        }
        try
        {
            var form = await request.ReadFormAsync(SignInForm, request.HttpContext.RequestAborted);
            var token = form["token"] is [{ Length: > 0 } one] ? one : null;
            return (token, ReturnTo(form[ReturnParameter].ToString()));
        }
        catch (InvalidDataException)
        {
            return (null, Path);
        }
    }

    private static bool WantsPage(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static FileContentHttpResult Asset(HttpResponse response, byte[] content, string type)
    {
        Protect(response);
        return TypedResults.Bytes(content, type);
    }

    // Nothing of the page runs but its own script, nothing is framed, nothing is cached.
    private static void Protect(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }
}
