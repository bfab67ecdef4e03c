using PortKeeper.Contracts;

namespace PortKeeper.Grains;

/// <summary>One proxy's lease in a <see cref="UserRecord"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.ProxyRecord")]
public sealed class ProxyRecord
{
    /// <summary>The proxy's port space.</summary>
    [Id(0)] public Protocol Protocol { get; set; }

    /// <summary>The proxy name as frps sends it (<c>user.name</c>).</summary>
    [Id(1)] public string Name { get; set; } = "";

    /// <summary>The proxy's lease.</summary>
    [Id(2)] public LeaseRecord Lease { get; set; } = new();
}
