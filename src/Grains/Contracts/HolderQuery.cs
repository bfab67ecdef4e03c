using System.Collections.Immutable;

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

/// <summary>Where a listing stopped: the last port of a page, in its text form <c>tcp:20005</c>.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PortCursor")]
public readonly record struct PortCursor([property: Id(0)] Protocol Protocol, [property: Id(1)] int Port)
{
    /// <summary>The cursor's text form, e.g. <c>tcp:20005</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}:{Port}";

    /// <summary>The cursor <paramref name="text"/> names; null when it names none.</summary>
    public static PortCursor? Parse(string? text) =>
        text?.Split(':') is [var protocol, var port] && Protocols.Parse(protocol) is { } p
            && int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 65535
            ? new PortCursor(p, n)
            : null;
}

/// <summary>A taken port of a pool and its holder; <paramref name="Pending"/> while the holder has yet to confirm it.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PortHolder")]
public sealed record PortHolder([property: Id(0)] Protocol Protocol, [property: Id(1)] int Port, [property: Id(2)] LeaseKey Holder, [property: Id(3)] bool Pending);

/// <summary>A page of a pool's holders and the cursor of the next page (null on the last page).</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.HolderPage")]
public sealed record HolderPage([property: Id(0)] ImmutableArray<PortHolder> Items, [property: Id(1)] PortCursor? Next);
