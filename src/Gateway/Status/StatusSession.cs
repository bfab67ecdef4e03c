using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// The operator's signed-in session: an HttpOnly, SameSite=Strict cookie (Secure over https) that ASP.NET
/// Core's cookie authentication issues after the admin token was given to the sign-in form. Its keys
/// live in the node's memory, so a session ends when the browser closes, after
/// <see cref="Lifetime"/> without use, or when the node restarts.
/// </summary>
public static class StatusSession
{
    /// <summary>The authentication scheme of the session cookie.</summary>
    public const string Scheme = "PortKeeperSession";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "portkeeper_session";

    /// <summary>How long a session lasts without a request (sliding).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Configures the cookie: who may read it, when it is sent, what a request without it gets.</summary>
    public static void Configure(CookieAuthenticationOptions cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = "/";
        cookie.ExpireTimeSpan = Lifetime;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = StatusEndpoints.Path;
        cookie.ReturnUrlParameter = StatusEndpoints.ReturnParameter;
        // A browser's page is sent to the sign-in form; the dashboard's own calls get a bare 401.
        cookie.Events.OnRedirectToLogin = context =>
        {
            var wantsPage = context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
            if (wantsPage)
            {
                context.Response.Redirect(context.RedirectUri);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>Issues the session cookie to the caller of <paramref name="context"/>.</summary>
    public static Task SignInAsync(HttpContext context) =>
        context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme)),
            new AuthenticationProperties { IsPersistent = false });

    /// <summary>Ends the session of <paramref name="context"/>'s caller.</summary>
    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(Scheme);

    /// <summary>Whether the request comes with a valid session cookie.</summary>
    public static bool IsSignedIn(HttpContext context) =>
        (context ?? throw new ArgumentNullException(nameof(context))).User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == Scheme);

    /// <summary>
    /// Whether the session authorizes <paramref name="request"/> to the admin API: reads always; a
    /// change (POST, PUT, DELETE) only from a page of this node (its <c>Origin</c> header), since a
    /// page of another port of the same host is same-site and gets the cookie sent.
    /// </summary>
    public static bool Authorizes(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsSignedIn(request.HttpContext))
        {
            return false;
        }
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || string.Equals(request.Headers.Origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
