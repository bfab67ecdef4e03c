namespace PortKeeper.Contracts;

/// <summary>
/// Which of a pool's taken ports to list, in port order (tcp, then udp): only <paramref name="Protocol"/>'s
/// when given, only held by <paramref name="User"/>'s proxies, only ports <paramref name="From"/> to
/// <paramref name="To"/>, only holders whose user, proxy or group name holds <paramref name="Search"/>
/// (ignoring case); at most <paramref name="Limit"/> ports after the cursor <paramref name="After"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.HolderQuery")]
public sealed record HolderQuery(
    [property: Id(0)] Protocol? Protocol = null,
    [property: Id(1)] string? User = null,
    [property: Id(2)] int? From = null,
    [property: Id(3)] int? To = null,
    [property: Id(4)] string? Search = null,
    [property: Id(5)] PortCursor? After = null,
    [property: Id(6)] int Limit = HolderQuery.DefaultLimit)
{
    /// <summary>Ports per page when the query names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most ports per page.</summary>
    public const int MaxLimit = 1000;
}
