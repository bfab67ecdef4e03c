using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class HolderListingTests
{
    // tcp 6000 ann's ssh, tcp 6001 group web, tcp 6002 bob's web (pending), udp 6000 ann's dns; tcp 6005 taken by no known holder.
    private static readonly PoolState Pool = PoolState.Empty
        .Hold(LeaseKey.ForProxy(Protocol.Tcp, "ann", "ann.ssh"), 6000)
        .Hold(LeaseKey.ForGroup(Protocol.Tcp, "web"), 6001)
        .Hold(LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.web"), 6002)
        .Hold(LeaseKey.ForProxy(Protocol.Udp, "ann", "ann.dns"), 6000)
        .WithTaken(Protocol.Tcp, PortSet.Of([6000, 6001, 6002, 6005])) is var pool
        ? pool with { Pending = pool.Pending.Add(LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.web"), new PendingGrant(LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.web"), 6002, null, DateTimeOffset.UnixEpoch)) }
        : throw new InvalidOperationException();

    public static TheoryData<HolderQuery, string, string?> Queries => new()
    {
        { new HolderQuery(), "tcp 6000 ann.ssh, tcp 6001 web, tcp 6002 bob.web pending, udp 6000 ann.dns", null },
        { new HolderQuery(Limit: 2), "tcp 6000 ann.ssh, tcp 6001 web", "tcp:6001" },
        { new HolderQuery(After: new PortCursor(Protocol.Tcp, 6001), Limit: 2), "tcp 6002 bob.web pending, udp 6000 ann.dns", null },
        { new HolderQuery(After: new PortCursor(Protocol.Udp, 6000)), "", null },
        { new HolderQuery(Protocol: Protocol.Udp), "udp 6000 ann.dns", null },
        { new HolderQuery(User: "ann"), "tcp 6000 ann.ssh, udp 6000 ann.dns", null },
        { new HolderQuery(User: "ann", Limit: 1), "tcp 6000 ann.ssh", "tcp:6000" },
        { new HolderQuery(From: 6001, To: 6001), "tcp 6001 web", null },
        { new HolderQuery(Search: "WEB"), "tcp 6001 web, tcp 6002 bob.web pending", null },
        { new HolderQuery(Search: "bo"), "tcp 6002 bob.web pending", null },
        { new HolderQuery(User: "web"), "", null },
        { new HolderQuery(Limit: 0), "tcp 6000 ann.ssh", "tcp:6000" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void a_page_holds_the_matching_held_ports_in_port_order_and_the_cursor_of_the_next(HolderQuery query, string expected, string? next)
    {
        var page = HolderListing.Page(Pool, query);

        Assert.Equal(expected, string.Join(", ", page.Items.Select(h => $"{h.Protocol.Name()} {h.Port} {h.Holder.Name}{(h.Pending ? " pending" : "")}")));
        Assert.Equal(next, page.Next?.ToString());
    }

    [Theory]
    [InlineData("tcp:20005", "tcp:20005")]
    [InlineData("udp:0", "udp:0")]
    [InlineData("tcp:65536", null)]
    [InlineData("tcp:-1", null)]
    [InlineData("sctp:1", null)]
    [InlineData("tcp", null)]
    [InlineData("tcp:1:2", null)]
    [InlineData("", null)]
    public void a_cursor_reads_back_from_its_text_form(string text, string? expected) =>
        Assert.Equal(expected, PortCursor.Parse(text)?.ToString());
}
