using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>One proxy of a user: its port space and its name.</summary>
public readonly record struct ProxyId(Protocol Protocol, string Name)
{
    /// <summary>The text form, e.g. <c>tcp/laptop.ssh</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}/{Name}";
}
