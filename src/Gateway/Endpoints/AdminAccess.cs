using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Gateway.Status;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// Who may use the operators' API: off without <c>--admin-token</c>; with one, every call must carry it
/// (<c>Authorization: Bearer</c>) or come with the status page's session cookie. Wrong tokens are counted
/// per client address (<see cref="SignInGuard"/>): past the limit every token of that address gets 429.
/// </summary>
public static class AdminAccess
{
    /// <summary>Null when <paramref name="request"/> may use the admin API; else the problem to answer.</summary>
    public static ProblemHttpResult? Refusal(HttpRequest request, PortKeeperOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (options.AdminToken is not { } token)
        {
            return AdminEndpoints.Problem(StatusCodes.Status403Forbidden, "Admin API off", "start PortKeeper with --admin-token to use it");
        }
        if (StatusSession.Authorizes(request))
        {
            return null;
        }
        var given = request.Headers.Authorization.ToString();
        if (given.Length > 0 && Throttled(request) is { } throttled)
        {
            return throttled;
        }
        const string scheme = "Bearer ";
        if (given.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && Matches(given[scheme.Length..], token))
        {
            return null;
        }
        if (given.Length > 0)
        {
            Guard(request)?.Failed(request.HttpContext.Connection.RemoteIpAddress);
        }
        return AdminEndpoints.Problem(StatusCodes.Status401Unauthorized, "Token required", "send Authorization: Bearer <the --admin-token>");
    }

    /// <summary>
    /// The 429 answer, with <c>Retry-After</c> set, when the caller's address has given too many wrong
    /// tokens lately; null when it may try one.
    /// </summary>
    public static ProblemHttpResult? Throttled(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Guard(request) is not { } guard || guard.RetryAfter(request.HttpContext.Connection.RemoteIpAddress) is not { } wait)
        {
            return null;
        }
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return AdminEndpoints.Problem(StatusCodes.Status429TooManyRequests, "Too many wrong tokens",
            $"{guard.Limit.MaxFailures} wrong admin tokens came from this address within {guard.Limit.Window.TotalSeconds:0} s, "
            + $"so every token from it is refused for {seconds} s more; then try again with the --admin-token");
    }

    /// <summary>Whether <paramref name="given"/> is the admin token, compared in constant time.</summary>
    public static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Trim()), Encoding.UTF8.GetBytes(token.Trim()));

    private static SignInGuard? Guard(HttpRequest request) => request.HttpContext.RequestServices?.GetService<SignInGuard>();
}
