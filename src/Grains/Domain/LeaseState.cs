namespace PortKeeper.Domain;

/// <summary>A lease, as a user or group grain keeps it: the port, when it was granted and last seen, whether its proxy is online, and from which frpc session.</summary>
public sealed record LeaseState(int Port, DateTimeOffset GrantedAt, DateTimeOffset LastSeen, bool Online, string LastProxyName, string RunId = "");
