using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Import;
using PortKeeper.Tests;

namespace PortKeeper.Core.Tests.Import;

public sealed class DocumentPlanTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly PoolRegistry Pools = TestPools.Registry("20000-20099", ("eu", "30000-30009"));

    private static ExportLease Proxy(int port, string user = "laptop", string proxy = "laptop.ssh", string protocol = "tcp") =>
        new(protocol, port, user, proxy, null, At, At, false);

    private static ExportLease Group(int port, string group = "web") => new("tcp", port, null, null, group, At, At, true);

    private static ExportDocument Document(params ExportPool[] pools) => ExportDocument.Of(At, pools);

    private static ExportPool Pool(string name, params ExportLease[] leases) => new(name, "any", leases, [], ExportLimits.None);

    [Fact]
    public void every_lease_of_a_pool_the_node_has_is_tried_in_that_pool()
    {
        var plan = DocumentPlan.For(Document(Pool("default", Proxy(20001), Group(20002)), Pool("eu", Proxy(30001, "nas", "nas.web"))), Pools);

        Assert.Equal(["default", "eu"], plan.Pools);
        Assert.Equal(
            [("default", LeaseKey.ForProxy(Protocol.Tcp, "laptop", "laptop.ssh")), ("default", LeaseKey.ForGroup(Protocol.Tcp, "web")), ("eu", LeaseKey.ForProxy(Protocol.Tcp, "nas", "nas.web"))],
            plan.Entries.Select(e => (e.Pool, e.Key)));
        Assert.Empty(plan.Refused);
    }

    public static TheoryData<ExportPool, string> Refusals => new()
    {
        { Pool("us", Proxy(20001)), "pool 'us' is not on this node (its pools: default, eu); start the node with --pool us=<ports> to import it" },
        { Pool("default", Proxy(20100)), "port 20100 is outside the pool's ports here (20000-20099); tcp proxy 'laptop.ssh' of user 'laptop' gets a new port on its next NewProxy" },
        { Pool("default", Proxy(20001, protocol: "http")), "not a lease" },
        { Pool("default", new ExportLease("tcp", 20001, "laptop", "laptop.ssh", "web", At, At, false)), "not a lease" },
        { Pool("default", new ExportLease("tcp", 20001, null, "laptop.ssh", null, At, At, false)), "not a lease" },
        { Pool("default", Proxy(20001), Proxy(20001, "bob", "bob.x")), "port 20001 is given twice in the document; tcp proxy 'laptop.ssh' of user 'laptop', given it first, is imported with it" },
        { Pool("default", Proxy(20001), Proxy(20002)), "tcp proxy 'laptop.ssh' of user 'laptop' is given twice in the document; it is imported with its first port, 20001" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void a_lease_the_document_or_the_node_s_pools_refuse_is_a_conflict_up_front(ExportPool pool, string reason)
    {
        var plan = DocumentPlan.For(Document(pool), Pools);

        var (name, conflict) = Assert.Single(plan.Refused);
        Assert.Equal(pool.Name, name);
        Assert.StartsWith(reason, conflict.Reason, StringComparison.Ordinal);
        Assert.True(plan.Entries.Count == pool.Leases.Count - 1);
    }

    private static ReservationInfo Reserved(int port, string? user = "alice", string? proxy = "alice.nas") => new("tcp", port, user, proxy, At);

    [Fact]
    public void reservations_and_blocks_are_tried_unless_their_port_is_a_lease_s_or_given_twice_or_outside()
    {
        var plan = DocumentPlan.For(Document(new ExportPool("default", "any", [Proxy(20001)],
            [Reserved(20002), Reserved(20003, null, null), Reserved(20001), Reserved(20002, "bob", "bob.x"), Reserved(20200), Reserved(20004, "alice", null)], ExportLimits.None)), Pools);

        Assert.Equal([(20002, (LeaseKey?)LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.nas")), (20003, null)], plan.Reservations.Select(r => (r.Reservation.Port, r.For)));
        Assert.Equal(
            ["port 20001 is given twice in the document", "port 20002 is reserved twice in the document", "port 20200 is outside the pool's ports here", "not a reservation"],
            plan.Refused.Select(r => r.Conflict.Reason.Split(';', '(', ':')[0].Trim()));
    }

    public static TheoryData<ReservationInfo[], LeaseKey?, int?, string> ReservationDryRuns => new()
    {
        { [], null, null, "Done" },
        { [Reserved(20002)], null, null, "Done" },
        { [Reserved(20002, null, null)], null, null, "port 20002 is already blocked" },
        { [Reserved(20005)], null, null, "tcp proxy 'alice.nas' of user 'alice' already has 20005 reserved" },
        { [], LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.x"), null, "port 20002 is held by tcp proxy 'bob.x' of user 'bob'" },
        { [], null, 20009, "tcp proxy 'alice.nas' of user 'alice' already holds 20009" },
    };

    [Theory]
    [MemberData(nameof(ReservationDryRuns))]
    public void a_dry_run_reserves_as_the_pool_would(ReservationInfo[] existing, LeaseKey? holder, int? held, string expected)
    {
        var entry = new ReservationEntry("default", Protocol.Tcp, LeaseKey.ForProxy(Protocol.Tcp, "alice", "alice.nas"), Reserved(20002));

        var answer = DocumentPlan.SimulateReservation(entry, existing, holder, held);

        Assert.Equal(expected, answer is ReserveResult.Conflict(var reason) ? reason : answer.GetType().Name);
    }

    [Theory]
    [InlineData(true, "Unchanged")]
    [InlineData(false, "Imported")]
    public void a_reservation_the_pool_had_already_is_unchanged(bool existed, string expected) =>
        Assert.Equal(expected, DocumentPlan.JudgeReservation(new ReservationEntry("default", Protocol.Tcp, null, Reserved(20002, null, null)),
            new ReserveResult.Done(Reserved(20002, null, null)), existed).GetType().Name);

    [Fact]
    public void one_port_in_the_two_spaces_or_in_two_pools_is_no_conflict()
    {
        var plan = DocumentPlan.For(Document(Pool("default", Proxy(20001), Proxy(20001, protocol: "udp")), Pool("eu", Proxy(30001)), Pool("eu", Proxy(30002, "nas", "nas.x"))), Pools);

        Assert.Empty(plan.Refused);
        Assert.Equal(4, plan.Entries.Count);
    }

    private static readonly LeaseKey Laptop = LeaseKey.ForProxy(Protocol.Tcp, "laptop", "laptop.ssh");
    private static readonly LeaseKey Bob = LeaseKey.ForProxy(Protocol.Tcp, "bob", "bob.x");

    public static TheoryData<int?, LeaseKey?, Allocation> DryRuns => new()
    {
        { null, null, new Allocation.Granted(20001, IsNew: true) },
        { null, Laptop, new Allocation.Granted(20001, IsNew: true) },
        { 20001, Laptop, new Allocation.Granted(20001, IsNew: false) },
        { 20009, null, new Allocation.Granted(20009, IsNew: false) },
        { null, Bob, new Allocation.HeldByAnother(20001) },
        { 20009, Bob, new Allocation.Granted(20009, IsNew: false) },
    };

    [Theory]
    [MemberData(nameof(DryRuns))]
    public void a_dry_run_answers_as_the_grain_would_from_what_it_holds(int? held, LeaseKey? holder, Allocation expected)
    {
        var entry = new ImportEntry("default", Laptop, Proxy(20001));

        Assert.Equal(expected, DocumentPlan.Simulate(entry, held, holder));
    }

    public static TheoryData<Allocation, string> Outcomes => new()
    {
        { new Allocation.Granted(20001, IsNew: true), "Imported" },
        { new Allocation.Granted(20001, IsNew: false), "Unchanged" },
        { new Allocation.Granted(20009, IsNew: false), "tcp proxy 'laptop.ssh' of user 'laptop' holds port 20009 here and keeps it: an import never changes a holder's port" },
        { new Allocation.HeldByAnother(20001), "port 20001 is held here by tcp proxy 'bob.x' of user 'bob', which keeps it" },
        { new Allocation.NotInRange(20001, "20005-20009"), "port 20001 is outside the pool's ports here (20005-20009)" },
        { new Allocation.Unavailable("storage is down"), "not imported now: storage is down; import again" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void an_answer_of_the_grain_is_imported_unchanged_or_a_conflict_saying_why(Allocation answer, string expected)
    {
        var outcome = DocumentPlan.Judge(new ImportEntry("default", Laptop, Proxy(20001)), answer, Bob);

        Assert.Equal(expected, outcome is ImportOutcome.Conflicted conflicted ? conflicted.Conflict.Reason : outcome.GetType().Name);
    }

    [Theory]
    [InlineData(null, null, null, "Imported")]
    [InlineData(3, "20000-20009", null, "Unchanged")]
    [InlineData(5, null, null, "user 'laptop' has a limit of its own here (at most 5 ports, any port of the pool) and keeps it; the document's is at most 3 ports, 20000-20009")]
    public void a_user_s_limit_is_imported_unless_the_user_has_one_of_its_own(int? ownMax, string? ownPorts, string? unused, string expected)
    {
        _ = unused;
        var entry = new LimitEntry("default", new OwnLimit("laptop", new UserLimit(3, "20000-20009")));
        var own = ownMax is null && ownPorts is null ? null : new UserLimit(ownMax, ownPorts);

        var outcome = DocumentPlan.JudgeLimit(entry, own);

        Assert.Equal(expected, outcome is ImportOutcome.Conflicted conflicted ? conflicted.Conflict.Reason : outcome.GetType().Name);
    }

    [Fact]
    public void a_limit_outside_the_pool_s_ports_or_given_twice_is_refused_up_front()
    {
        var limits = new ExportLimits(0, [new OwnLimit("a", new UserLimit(1, "40000-40001")), new OwnLimit("b", new UserLimit(2, null)), new OwnLimit("b", new UserLimit(3, null))]);

        var plan = DocumentPlan.For(Document(new ExportPool("default", "any", [], [], limits)), Pools);

        Assert.Equal(["b"], plan.Limits.Select(l => l.Limit.User));
        Assert.Equal(2, plan.Refused.Count);
    }

    [Fact]
    public void the_report_counts_per_pool_in_document_order_with_the_conflicts_by_port()
    {
        var plan = DocumentPlan.For(Document(Pool("eu", Proxy(30001)), Pool("default", Proxy(20001), Proxy(20050, "bob", "bob.x"), Proxy(20100, "c", "c.y"))), Pools);
        var outcomes = plan.Entries.Select(e => (e, e.Lease.Port switch
        {
            30001 => (ImportOutcome)new ImportOutcome.Unchanged(),
            20001 => new ImportOutcome.Imported(),
            _ => new ImportOutcome.Conflicted(ImportConflict.Of(e.Lease, "held")),
        }));

        var report = DocumentPlan.Report(dryRun: true, plan, outcomes, []);

        Assert.Equal(["eu", "default"], report.Pools.Select(p => p.Pool));
        Assert.Equal((0, 1), (report.Pools[0].Imported, report.Pools[0].Unchanged));
        Assert.Equal((1, 0), (report.Pools[1].Imported, report.Pools[1].Unchanged));
        Assert.Equal([20050, 20100], report.Pools[1].Conflicts.Select(c => c.Port!.Value));
        Assert.Equal((1, 1, 2), (report.Imported, report.Unchanged, report.Conflicts));
    }
}
