namespace PortKeeper.Domain;

/// <summary>A member of a load-balancing group: one proxy of one user.</summary>
public readonly record struct MemberId(string User, string ProxyName);
