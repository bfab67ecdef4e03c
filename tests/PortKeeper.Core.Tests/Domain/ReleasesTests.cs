using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class ReleasesTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly LeaseState Online = Leases.Grant(6005, "laptop.ssh", Then) with { Online = true };
    private static readonly LeaseState Offline = Online with { Online = false };

    public static TheoryData<LeaseState?, bool, ReleaseDecision> Decisions => new()
    {
        // No lease: nothing to release, forced or not.
        { null, false, new ReleaseDecision.NotHeld() },
        { null, true, new ReleaseDecision.NotHeld() },
        // Connected: frps listens on the port, so only a forced release takes it.
        { Online, false, new ReleaseDecision.Connected(Online) },
        { Online, true, new ReleaseDecision.Release(Online) },
        // Offline: released either way.
        { Offline, false, new ReleaseDecision.Release(Offline) },
        { Offline, true, new ReleaseDecision.Release(Offline) },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void release_of_a_connected_proxy_needs_force(LeaseState? lease, bool force, ReleaseDecision expected) =>
        Assert.Equal(expected, Releases.Decide(lease, force));
}
