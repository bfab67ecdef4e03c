using System.Collections.Concurrent;

namespace PortKeeper.Integration.Tests.Chaos;

/// <summary>One frpc proxy of the run: its user, its name, its group (if any), its protocol, and whether it is connected.</summary>
public sealed class ChaosProxy(string user, string name, string type, string? group)
{
    public string User { get; } = user;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string? Group { get; } = group;

    /// <summary>The holder's key as the admin API lists it: <c>tcp/proxy/u0001.p0</c>, or <c>tcp/group/g7</c>.</summary>
    public string Key { get; } = group is null ? $"{type}/proxy/{user}.{name}" : $"{type}/group/{group}";

    /// <summary>Connected, as frps last told PortKeeper.</summary>
    public bool Online { get; set; }

    /// <summary>frpc's session; a new one after each close.</summary>
    public int Session { get; set; }

    private int _busy;

    /// <summary>Takes the proxy for one request; false while another is under way (frps sends one request of a proxy at a time).</summary>
    public bool TryTake() => Interlocked.Exchange(ref _busy, 1) == 0;

    /// <summary>Ends the request under way.</summary>
    public void Release() => Volatile.Write(ref _busy, 0);

    /// <summary>Whether any NewProxy of the proxy was sent.</summary>
    public bool Asked { get; set; }

    public override string ToString() => $"{User}.{Name}" + (Group is null ? "" : $" (group {Group})");
}

/// <summary>
/// What the run was told: the port each holder got first, and the holder of each port. Every
/// later answer is checked against it as it comes: a holder's port never changes, and no port
/// goes to two holders.
/// </summary>
public sealed class ChaosMap
{
    private readonly ConcurrentDictionary<string, int> _ports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Protocol, int Port), string> _holders = new();

    /// <summary>Ports granted to a holder that had another one.</summary>
    public ConcurrentQueue<string> Changed { get; } = new();

    /// <summary>Ports granted to a second holder.</summary>
    public ConcurrentQueue<string> Duplicated { get; } = new();

    /// <summary>The port of each holder, as first granted.</summary>
    public IReadOnlyDictionary<string, int> Ports => _ports;

    /// <summary>Checks a grant of <paramref name="port"/> to <paramref name="proxy"/>, and records it.</summary>
    public void Granted(ChaosProxy proxy, int port)
    {
        var first = _ports.GetOrAdd(proxy.Key, port);
        if (first != port)
        {
            Changed.Enqueue($"{proxy} got {port}, after {first}");
        }
        var holder = _holders.GetOrAdd((proxy.Type, port), proxy.Key);
        if (holder != proxy.Key)
        {
            Duplicated.Enqueue($"{proxy.Type} port {port} granted to {proxy.Key}, and to {holder}");
        }
    }
}
