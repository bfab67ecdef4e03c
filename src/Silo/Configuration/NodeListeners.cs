using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>The ports a node will listen on: its HTTP addresses and, with a silo, Orleans' silo and gateway ports.</summary>
public static class NodeListeners
{
    /// <summary>The configuration key of the HTTP listen addresses (<c>--urls</c>, ASPNETCORE_URLS).</summary>
    public const string UrlsKey = "urls";

    /// <summary>
    /// The listeners of a node with options <paramref name="o"/>: every address of <c>--urls</c>
    /// with a fixed port (none when the key is unset, as in the silo program), and, unless the
    /// node is a gateway only, the silo and gateway ports on the address Orleans listens on.
    /// </summary>
    public static IReadOnlyList<NodeListener> Of(PortKeeperOptions o, IConfiguration? configuration)
    {
        ArgumentNullException.ThrowIfNull(o);
        var listeners = new List<NodeListener>();
        foreach (var url in (configuration?[UrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Http(url) is { } endpoint && endpoint.Port > 0)
            {
                listeners.Add(new("--urls", endpoint.Address, endpoint.Port));
            }
        }
        if (o.Role != NodeRole.Gateway)
        {
            var address = SiloAddress(o);
            listeners.Add(new(NodeOptions.SiloPort.Switch, address, o.SiloPort));
            listeners.Add(new(NodeOptions.GatewayPort.Switch, address, o.GatewayPort));
        }
        return listeners;
    }

    /// <summary>
    /// The address and port Kestrel binds for <paramref name="url"/> (<c>http://127.0.0.1:8080</c>,
    /// <c>http://*:80</c>, <c>https://host</c>): loopback for <c>localhost</c>, any address for
    /// <c>*</c>, <c>+</c> or a host name; null for what is not an http(s) address.
    /// </summary>
    public static IPEndPoint? Http(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }
        var https = url[..scheme].Equals("https", StringComparison.OrdinalIgnoreCase);
        if (!https && !url[..scheme].Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var authority = url[(scheme + 3)..];
        authority = authority.Split('/')[0];
        var colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        var host = colon > 0 ? authority[..colon] : authority;
        int port;
        if (colon <= 0)
        {
            port = https ? 443 : 80;
        }
        else if (!int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return null;
        }
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any;
        // Port 0: Kestrel picks one, which no pool can hold.
        return port == 0 || PortRange.IsPort(port) ? new IPEndPoint(address, port) : null;
    }

    // Where PortKeeperSiloHosting has Orleans listen: loopback with localhost clustering; with
    // PostgreSQL the advertised address, or every interface for a non-loopback one or in a pod.
    private static IPAddress SiloAddress(PortKeeperOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Postgres))
        {
            return IPAddress.Loopback;
        }
        if (o.Kubernetes)
        {
            return IPAddress.Any;
        }
        var advertised = o.AdvertiseAddress is { } text && IPAddress.TryParse(text.Trim(), out var ip) ? ip : IPAddress.Loopback;
        return IPAddress.IsLoopback(advertised) ? advertised : IPAddress.Any;
    }
}
