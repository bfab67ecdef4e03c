using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using PortKeeper.Silo;

namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// Kestrel's limits, chosen for frps: a few frps nodes send small requests (well under 1 KiB of
/// headers and body, written at once) over keep-alive connections, and open one connection per
/// concurrent plugin call. Slow and flooding clients are cut off; frps never comes near a limit.
/// Each default gives way to <c>Kestrel:Limits</c> of the configuration (appsettings.json, the
/// environment as <c>Kestrel__Limits__...</c>, the command line as <c>--Kestrel:Limits:...=...</c>).
/// </summary>
public static class GatewayLimits
{
    /// <summary>The configuration section whose values replace the defaults.</summary>
    public const string Section = "Kestrel:Limits";

    /// <summary>
    /// Open connections at most; more are closed at once. Far above what frps opens (a login storm of
    /// 1,000 proxies a second answered within 5 s is 5,000 at the very worst, usually a few dozen), far
    /// below the file descriptors a flood would otherwise take from the admin API and health checks.
    /// </summary>
    public const long MaxConcurrentConnections = 4096;

    /// <summary>All request headers together; frps sends about 250 bytes (Kestrel's own default is 32 KiB).</summary>
    public const int MaxRequestHeadersTotalSize = 8 * 1024;

    /// <summary>Time to send the request line and headers; frps writes them at once (Kestrel's own default is 30 s).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An idle connection is closed after this; Kestrel's own 130 s, kept because it is longer than
    /// Go's 90 s idle timeout: frps closes its idle connections first, and never sends on one the
    /// server is closing (Go does not retry a POST that met a closed connection).
    /// </summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>A body must arrive at 240 bytes/s on average once 5 s have passed, or the connection is closed (Kestrel's own rate).</summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(240, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Sets the defaults on <paramref name="limits"/>, the largest body being <paramref name="maxBodyBytes"/>
    /// (<c>--max-body-bytes</c>), then the values <paramref name="configured"/> (<see cref="Section"/>) holds over them.
    /// Throws <see cref="StartupException"/> naming the section when a value is not acceptable.
    /// </summary>
    public static void Apply(KestrelServerLimits limits, int maxBodyBytes, IConfiguration configured)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(configured);
        try
        {
            ApplyOrThrow(limits, maxBodyBytes, configured);
        }
        catch (Exception e) when (e.GetBaseException() is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw new StartupException(StartupFailure.Setting, $"{Section}: {e.GetBaseException().Message}", e);
        }
    }

    private static void ApplyOrThrow(KestrelServerLimits limits, int maxBodyBytes, IConfiguration configured)
    {
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        limits.MaxRequestBodySize = maxBodyBytes;
        configured.Bind(limits);
        // MinDataRate has no setters, so the binder leaves it alone.
        if (configured.GetSection(nameof(KestrelServerLimits.MinRequestBodyDataRate)) is { } rate && rate.GetChildren().Any())
        {
            limits.MinRequestBodyDataRate = new MinDataRate(
                rate[nameof(MinDataRate.BytesPerSecond)] is { } bytes ? double.Parse(bytes, CultureInfo.InvariantCulture) : MinRequestBodyDataRate.BytesPerSecond,
                rate[nameof(MinDataRate.GracePeriod)] is { } grace ? TimeSpan.Parse(grace, CultureInfo.InvariantCulture) : MinRequestBodyDataRate.GracePeriod);
        }
    }
}
