using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>Which NewProxy requests take a port, and under which key.</summary>
public static class LeaseKeys
{
    /// <summary>
    /// The lease key of a proxy: protocol plus group when <paramref name="group"/> is set, else
    /// protocol, user and proxy name. Null for proxy types that take no port
    /// (http, https, tcpmux, stcp, sudp, xtcp and anything unknown).
    /// </summary>
    public static LeaseKey? For(string proxyType, string user, string proxyName, string? group) =>
        Protocols.Parse(proxyType) switch
        {
            null => null,
            Protocol p when !string.IsNullOrEmpty(group) => LeaseKey.ForGroup(p, group),
            Protocol p => LeaseKey.ForProxy(p, user, proxyName),
        };

    /// <summary>
    /// The user whose proxy <paramref name="proxyName"/> is, as frpc names proxies
    /// (<c>&lt;user&gt;.&lt;name&gt;</c>): the text before the first dot, or empty when there is none.
    /// For data that names proxies without their user (earlier port keepers, old admin paths).
    /// </summary>
    public static string UserOf(string proxyName) =>
        proxyName.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? proxyName[..dot] : "";

    /// <summary>A holder as messages name it: <c>proxy 'alice.nas' of user 'alice'</c> or <c>group 'web'</c>.</summary>
    public static string Describe(LeaseKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.IsGroup ? $"group '{key.Name}'" : $"proxy '{key.Name}' of user '{key.User}'";
    }
}
