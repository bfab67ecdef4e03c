namespace PortKeeper.Gateway.Status;

/// <summary>
/// One silo of the cluster as its membership table has it: address (<c>ip:port@generation</c>), name,
/// host, status (<c>Active</c>, <c>Joining</c>, <c>ShuttingDown</c>, <c>Dead</c>...), when it started
/// and when it last said it was alive.
/// </summary>
public sealed record SiloInfo(string Address, string Name, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset AliveAt);
