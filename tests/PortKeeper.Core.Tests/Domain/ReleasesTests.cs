using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class ReleasesTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<bool?, bool, ReleaseDecision> Decisions => new()
    {
        // No lease: nothing to release, forced or not.
        { null, false, ReleaseDecision.NotHeld },
        { null, true, ReleaseDecision.NotHeld },
        // Connected: frps listens on the port, so only a forced release takes it.
        { true, false, ReleaseDecision.Connected },
        { true, true, ReleaseDecision.Release },
        // Offline: released either way.
        { false, false, ReleaseDecision.Release },
        { false, true, ReleaseDecision.Release },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void release_of_a_connected_proxy_needs_force(bool? online, bool force, ReleaseDecision expected) =>
        Assert.Equal(expected, Releases.Decide(
            online is bool on ? Leases.Grant(6005, "laptop.ssh", Then) with { Online = on } : null, force));
}
