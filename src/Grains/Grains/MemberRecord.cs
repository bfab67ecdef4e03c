namespace PortKeeper.Grains;

/// <summary>One member of a group, as stored in the group's <see cref="LeaseRecord"/>.</summary>
[GenerateSerializer, Alias("PortKeeper.MemberRecord")]
public sealed class MemberRecord
{
    /// <summary>The member's frp user.</summary>
    [Id(0)] public string User { get; set; } = "";

    /// <summary>The member's proxy name (<c>user.name</c>).</summary>
    [Id(1)] public string ProxyName { get; set; } = "";

    /// <summary>Whether the member was connected when last stored.</summary>
    [Id(2)] public bool Online { get; set; }

    /// <summary>The frpc session that last registered the member.</summary>
    [Id(3)] public string RunId { get; set; } = "";

    /// <summary>When the member was last seen.</summary>
    [Id(4)] public DateTimeOffset LastSeen { get; set; }
}
