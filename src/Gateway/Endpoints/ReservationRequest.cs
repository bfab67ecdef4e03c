using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>
/// What <c>PUT /reservations/{protocol}/{port}</c> asks: keep the port for <paramref name="User"/>'s
/// proxy <paramref name="Proxy"/> (the user being the proxy name's prefix when not given), or, with
/// <paramref name="Block"/>, keep it from every proxy.
/// </summary>
public sealed record ReservationRequest(string? User = null, string? Proxy = null, bool Block = false)
{
    /// <summary>
    /// Whether the request names one thing to do in <paramref name="protocol"/>'s space: a proxy to keep the
    /// port for (<paramref name="proxy"/>), or a block (<paramref name="proxy"/> null). False for neither or both.
    /// </summary>
    public bool Names(Contracts.Protocol protocol, out LeaseKey? proxy)
    {
        proxy = Proxy is { Length: > 0 } name ? LeaseKey.ForProxy(protocol, User ?? LeaseKeys.UserOf(name), name) : null;
        return Block ? Proxy is null && User is null : proxy is not null;
    }
}
