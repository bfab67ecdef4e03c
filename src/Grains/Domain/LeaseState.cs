namespace PortKeeper.Domain;

/// <summary>What a lease grain keeps: the key's port and when the key was seen.</summary>
public sealed record LeaseState(int Port, DateTimeOffset GrantedAt, DateTimeOffset LastSeen, bool Online, string LastProxyName, string RunId = "");
