namespace PortKeeper.Gateway.Hosting;

/// <summary>
/// Settings of the endpoint frps calls, bound from the <c>PortKeeper</c> section. Stands in for
/// the full PortKeeper options until those are merged.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "PortKeeper";

    /// <summary>Path frps posts to (its plugin <c>path</c>).</summary>
    public string PluginPath { get; set; } = "/port-registrations";

    /// <summary>Longest wait for a lease before frps gets a refusal; frpc itself re-sends after 20 s.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether tcp/udp proxies of clients without a <c>user</c> get ports.</summary>
    public bool AllowEmptyUser { get; set; }

    /// <summary>Largest request body read; larger ones get a 400.</summary>
    public int MaxBodyBytes { get; set; } = 65536;

    /// <summary>Ports handed out, in frps INI <c>allow_ports</c> syntax, e.g. <c>20000-29999,30001</c>.</summary>
    public string? AllowPorts { get; set; }
}
