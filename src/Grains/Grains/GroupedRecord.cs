using PortKeeper.Contracts;

namespace PortKeeper.Grains;

/// <summary>A grouped proxy of a user and its group, as stored in the <see cref="UserRecord"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.GroupedRecord")]
public sealed class GroupedRecord
{
    /// <summary>The proxy's port space.</summary>
    [Id(0)] public Protocol Protocol { get; set; }

    /// <summary>The proxy name.</summary>
    [Id(1)] public string Name { get; set; } = "";

    /// <summary>The proxy's load-balancing group.</summary>
    [Id(2)] public string Group { get; set; } = "";
}
