using CsCheck;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

/// <summary>
/// Random runs of requests, lost writes, repairs, releases and allow-ports changes against a
/// model of the leases, checking the invariants of the design after every step.
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
        foreach (var op in ops)
        {
            var key = Keys[op.Key];
            switch (op.Kind)
            {
                case Kind.Request:
                    pool = Request(pool, range, leases, key, op);
                    break;
                case Kind.Repair:
                    pool = SettleKey(pool, key, leases.GetValueOrDefault(key)?.Port);
                    break;
                case Kind.Release when leases.TryGetValue(key, out var lease):
                    // An operator's release, stopped after the pool's first step, after the lease forgot
                    // its port, or complete.
                    pool = PortPool.PrepareRelease(pool, key, lease.Port, Now);
                    if (op.Write != Write.LeaseNotStored)
                    {
                        leases.Remove(key);
                        pool = op.Write == Write.Committed ? PortPool.Release(pool, key, lease.Port) : pool;
                    }
                    break;
                case Kind.MoveRange:
                    range = range == Ranges[0] ? Ranges[1] : Ranges[0];
                    break;
            }
            AssertInvariants(pool, leases);
        }

        // Repair of every key leaves exactly the leases' ports taken.
        pool = Keys.Aggregate(pool, (p, k) => SettleKey(p, k, leases.GetValueOrDefault(k)?.Port));
        Assert.Empty(pool.Pending);
        AssertInvariants(pool, leases);
    }

    // What the lease grain does for a NewProxy, with the write outcome the op dictates.
    private static PoolState Request(PoolState pool, PortRange range, Dictionary<LeaseKey, LeaseState> leases, LeaseKey key, Op op)
    {
        if (Leases.Decide(leases.GetValueOrDefault(key), op.Requested, range) is not LeaseDecision.NeedsPort needs)
        {
            return pool;
        }
        var step = PortPool.Allocate(pool, range, key, needs.Requested, needs.Replacing, Now);
        if (step.Outcome is not Allocation.Granted granted)
        {
            return step.State;
        }
        Assert.True(range.Contains(granted.Port), $"In range: {key} was granted {granted.Port} outside {range}");
        if (op.Write != Write.LeaseNotStored)
        {
            leases[key] = Leases.Grant(granted.Port, key.Name, Now);
        }
        return op.Write == Write.Committed ? PortPool.Commit(step.State, key, granted.Port) : step.State;
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
