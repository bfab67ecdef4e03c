using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>One port of one port space of a pool.</summary>
public readonly record struct PoolPort(Protocol Protocol, int Port)
{
    /// <summary>The text form, e.g. <c>tcp 20005</c>.</summary>
    public override string ToString() => $"{Protocol.Name()} {Port}";
}
