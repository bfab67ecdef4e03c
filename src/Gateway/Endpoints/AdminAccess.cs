using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>Who may use the operators' API: off without <c>--admin-token</c>; with one, every call must carry it.</summary>
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
        var given = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var valid = given.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && Matches(given[scheme.Length..], token);
        return valid ? null : AdminEndpoints.Problem(StatusCodes.Status401Unauthorized, "Token required", "send Authorization: Bearer <the --admin-token>");
    }

    /// <summary>Whether <paramref name="given"/> is the admin token, compared in constant time.</summary>
    public static bool Matches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given.Trim()), Encoding.UTF8.GetBytes(token.Trim()));
}
