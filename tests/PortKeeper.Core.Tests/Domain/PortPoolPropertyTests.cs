using CsCheck;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

/// <summary>
/// Random runs of requests, lost writes, repairs, releases and allow-ports changes against a
/// model of the leases, checking the invariants of the design after every step, and that the
/// claims written port by port (only the ports each step touched) always store the whole pool.
/// </summary>
public sealed class PortPoolPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // Two small, overlapping ranges, so that runs fill them and move keys between them.
    private static readonly PortRange[] Ranges = [Ports.Range("6000-6004"), Ports.Range("6003-6006,6010")];

    private static readonly LeaseKey[] Keys =
    [
        .. new[] { Protocol.Tcp, Protocol.Udp }.SelectMany(p => new[]
        {
            LeaseKey.ForProxy(p, "user", "a"), LeaseKey.ForProxy(p, "user", "b"), LeaseKey.ForProxy(p, "user", "c"),
            LeaseKey.ForProxy(p, "user", "d"), LeaseKey.ForGroup(p, "e"), LeaseKey.ForGroup(p, "f"),
        }),
    ];

    private enum Kind { Request, Repair, Release, MoveRange }

    // What became of the lease's write after the pool granted a port.
    private enum Write { Committed, CommitLost, LeaseNotStored }

    private sealed record Op(Kind Kind, int Key, int? Requested = null, Write Write = Write.Committed);

    private static readonly Gen<int> Key = Gen.Int[0, Keys.Length - 1];

    private static readonly Gen<Op> AnyOp = Gen.Frequency(
        (8, Gen.Select(Key, Gen.Int[5998, 6012].Nullable(0.5), Gen.Frequency((4, Gen.Const(Write.Committed)), (1, Gen.Const(Write.CommitLost)), (1, Gen.Const(Write.LeaseNotStored))),
            (key, requested, write) => new Op(Kind.Request, key, requested, write))),
        (2, Key.Select(key => new Op(Kind.Repair, key))),
        (1, Gen.Select(Key, Gen.Frequency((2, Gen.Const(Write.Committed)), (1, Gen.Const(Write.CommitLost)), (1, Gen.Const(Write.LeaseNotStored))),
            (key, write) => new Op(Kind.Release, key, null, write))),
        (1, Gen.Const(new Op(Kind.MoveRange, 0))));

    [Fact]
    public void random_runs_keep_ports_unique_in_range_and_accounted_for() =>
        AnyOp.Array[1, 80].Sample(Run, iter: 5_000);

    private static void Run(Op[] ops)
    {
        var pool = PoolState.Empty;
        var range = Ranges[0];
        var leases = new Dictionary<LeaseKey, LeaseState>();
        var stored = new Dictionary<PoolPort, Claim>();
        foreach (var op in ops)
        {
            var key = Keys[op.Key];
            var before = pool;
            var touched = new HashSet<PoolPort>();
            PoolState Track(PoolState from, PoolState to, int? port)
            {
                touched.UnionWith(PortPool.Touched(from, to, key, port));
                return to;
            }
            switch (op.Kind)
            {
                case Kind.Request:
                    pool = Request(pool, range, leases, key, op, Track);
                    break;
                case Kind.Repair:
                    pool = Track(pool, SettleKey(pool, key, leases.GetValueOrDefault(key)?.Port), null);
                    break;
                case Kind.Release when leases.TryGetValue(key, out var lease):
                    // An operator's release, stopped after the pool's first step, after the lease forgot
                    // its port, or complete.
                    pool = Track(pool, PortPool.PrepareRelease(pool, key, lease.Port, Now), lease.Port);
                    if (op.Write != Write.LeaseNotStored)
                    {
                        leases.Remove(key);
                        pool = op.Write == Write.Committed ? Track(pool, PortPool.Release(pool, key, lease.Port), lease.Port) : pool;
                    }
                    break;
                case Kind.MoveRange:
                    range = range == Ranges[0] ? Ranges[1] : Ranges[0];
                    break;
            }
            Store(stored, Claims.Changes(before, pool, touched));
            AssertInvariants(pool, leases);
            AssertStored(pool, stored);
        }

        // Repair of every key leaves exactly the leases' ports taken.
        pool = Keys.Aggregate(pool, (p, k) => SettleKey(p, k, leases.GetValueOrDefault(k)?.Port));
        Assert.Empty(pool.Pending);
        AssertInvariants(pool, leases);
    }

    // What the user or group grain does for a NewProxy, with the write outcome the op dictates.
    private static PoolState Request(
        PoolState pool, PortRange range, Dictionary<LeaseKey, LeaseState> leases, LeaseKey key, Op op, Func<PoolState, PoolState, int?, PoolState> track)
    {
        if (Leases.Decide(leases.GetValueOrDefault(key), op.Requested, range) is not LeaseDecision.NeedsPort needs)
        {
            return pool;
        }
        var step = PortPool.Allocate(pool, range, key, needs.Requested, needs.Replacing, Now);
        track(pool, step.State, needs.Requested);
        if (step.Outcome is not Allocation.Granted granted)
        {
            return step.State;
        }
        Assert.True(range.Contains(granted.Port), $"In range: {key} was granted {granted.Port} outside {range}");
        if (op.Write != Write.LeaseNotStored)
        {
            leases[key] = Leases.Grant(granted.Port, key.Name, Now);
        }
        return op.Write == Write.Committed ? track(step.State, PortPool.Commit(step.State, key, granted.Port), granted.Port) : step.State;
    }

    // Applies a write as storage does, refusing what a database would refuse.
    private static void Store(Dictionary<PoolPort, Claim> stored, IEnumerable<ClaimChange> changes)
    {
        foreach (var change in changes)
        {
            switch (change)
            {
                case ClaimChange.Add(var claim):
                    Assert.True(stored.TryAdd(claim.Port, claim), $"Unique: storage already holds {stored.GetValueOrDefault(claim.Port)}");
                    break;
                case ClaimChange.Change(var holder, var claim, var was):
                    Assert.Equal((holder, was), (stored[claim.Port].Holder, stored[claim.Port].Kind));
                    stored[claim.Port] = claim;
                    break;
                case ClaimChange.Remove(var port, var holder, var was):
                    Assert.Equal((holder, was), (stored[port].Holder, stored[port].Kind));
                    stored.Remove(port);
                    break;
            }
        }
    }

    // The claims written port by port are the whole pool: it reloads as it is, holders and all.
    private static void AssertStored(PoolState pool, Dictionary<PoolPort, Claim> stored)
    {
        var all = pool.Holders.Keys.Select(port => Claims.Of(pool, port)!).OrderBy(c => c.Port.ToString(), StringComparer.Ordinal);
        Assert.Equal(all, stored.Values.OrderBy(c => c.Port.ToString(), StringComparer.Ordinal));
        var reloaded = Claims.Load(stored.Values);
        Assert.Equal(pool.Tcp, reloaded.Tcp);
        Assert.Equal(pool.Udp, reloaded.Udp);
        Assert.Equal(pool.Pending.OrderBy(p => p.Key.ToString()), reloaded.Pending.OrderBy(p => p.Key.ToString()));
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            Assert.All(pool.Taken(protocol).Ports(), port => Assert.NotNull(pool.HolderOf(protocol, port)));
        }
    }

    private static void AssertInvariants(PoolState pool, Dictionary<LeaseKey, LeaseState> leases)
    {
        foreach (var protocol in new[] { Protocol.Tcp, Protocol.Udp })
        {
            // A key claims the port its lease holds, and the port of its pending grant together
            // with the port that grant replaces, which stays taken until the grant settles.
            var claims = leases.Where(l => l.Key.Protocol == protocol).Select(l => (l.Key, l.Value.Port))
                .Concat(pool.Pending.Values.Where(g => g.Key.Protocol == protocol)
                    .SelectMany(g => new[] { g.Port, g.Replacing }.OfType<int>().Select(port => (g.Key, Port: port))))
                .Distinct()
                .ToList();

            var shared = claims.GroupBy(c => c.Port).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Key))}");
            Assert.True(!shared.Any(), $"Unique: {protocol} ports claimed by two keys: {string.Join("; ", shared)}");
            Assert.True(
                claims.Select(c => c.Port).Distinct().Order().SequenceEqual(pool.Taken(protocol).Ports()),
                $"No leak: {protocol} taken [{string.Join(",", pool.Taken(protocol).Ports())}] but claimed [{string.Join(",", claims.Select(c => c.Port).Distinct().Order())}]");
        }
    }

    // Repair as the pool grain runs it: settle the key's grant as it stands now.
    private static PoolState SettleKey(PoolState pool, LeaseKey key, int? leasePort) =>
        pool.Pending.TryGetValue(key, out var grant) ? PortPool.Settle(pool, grant, leasePort) : pool;
}
