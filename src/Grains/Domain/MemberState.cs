namespace PortKeeper.Domain;

/// <summary>What a group knows of a member: whether it is connected, from which frpc session, and when it was last seen.</summary>
public sealed record MemberState(bool Online, string RunId, DateTimeOffset LastSeen);
