using System.Collections.Immutable;
using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class SessionsTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private static readonly ProxyId Ssh = new(Protocol.Tcp, "u.ssh");

    public static TheoryData<bool, string, int?, int, int, bool> Cases => new()
    {
        // online, lease run id, minutes since the Ping (null: never heard), minutes since NewProxy, minutes now, lost
        { true, "r1", 0, 0, 4, false },
        { true, "r1", 0, 0, 5, true },
        { true, "r1", 0, 3, 5, false },
        { true, "r1", null, 0, 60, false },
        { true, "r2", 0, 0, 60, false },
        { false, "r1", 0, 0, 60, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void a_proxy_counts_as_lost_only_when_its_session_pinged_here_and_then_was_silent_for_the_timeout(
        bool online, string leaseRun, int? pinged, int seen, int now, bool lost)
    {
        var user = UserState.Empty.With(Ssh, Leases.Grant(6005, "u.ssh", Then.AddMinutes(seen), leaseRun) with { Online = online });
        var heard = pinged is int p ? new Dictionary<string, DateTimeOffset> { ["r1"] = Then.AddMinutes(p) } : [];

        var found = Sessions.Lost(user, heard, Then.AddMinutes(now), Timeout);

        Assert.Equal(lost, found.Count == 1);
        if (lost)
        {
            Assert.False(found[0].Offline.Online);
            Assert.Equal(Then.AddMinutes(Math.Max(pinged!.Value, seen)) + Timeout, found[0].Offline.LastSeen);
        }
    }

    [Fact]
    public void silent_sessions_are_those_not_heard_for_the_timeout()
    {
        var heard = new Dictionary<string, DateTimeOffset> { ["old"] = Then, ["new"] = Then.AddMinutes(3) }.ToImmutableDictionary();

        Assert.Equal(["old"], Sessions.Silent(heard, Then.AddMinutes(5), Timeout));
    }
}
