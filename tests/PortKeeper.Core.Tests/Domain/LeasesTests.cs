using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class LeasesTests
{
    private static readonly DateTimeOffset Then = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddHours(1);

    private static LeaseState Holding(int port) => Leases.Grant(port, "laptop.ssh", Then);

    public static TheoryData<int?, int?, string, LeaseDecision> Decisions => new()
    {
        // No lease: the pool decides, the requested port passed on.
        { null, null, "6000-6009", new LeaseDecision.NeedsPort(null, null) },
        { null, 6005, "6000-6009", new LeaseDecision.NeedsPort(6005, null) },
        { null, 7000, "6000-6009", new LeaseDecision.NeedsPort(7000, null) },
        // Known and in range: answered from the lease.
        { 6003, null, "6000-6009", new LeaseDecision.Known(Holding(6003)) },
        { 6000, null, "6000-6009", new LeaseDecision.Known(Holding(6000)) },
        { 6009, null, "6000-6009", new LeaseDecision.Known(Holding(6009)) },
        // Known but the range no longer holds it: the pool moves it, replacing the old one.
        { 6003, null, "7000-7009", new LeaseDecision.NeedsPort(null, 6003) },
        { 6003, null, "6000-6002,6004-6009", new LeaseDecision.NeedsPort(null, 6003) },
        // Requested equals held.
        { 6003, 6003, "6000-6009", new LeaseDecision.Known(Holding(6003)) },
        { 6003, 6003, "7000-7009", new LeaseDecision.NeedsPort(6003, 6003) },
        // Requested differs.
        { 6003, 6005, "6000-6009", new LeaseDecision.NeedsPort(6005, 6003) },
        { 6003, 7005, "6000-6009", new LeaseDecision.NeedsPort(7005, 6003) },
        { 6003, 7005, "7000-7009", new LeaseDecision.NeedsPort(7005, 6003) },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void decide_answers_from_the_lease_only_when_it_holds_the_port_asked_for_in_range(int? held, int? requested, string range, LeaseDecision expected) =>
        Assert.Equal(expected, Leases.Decide(held is int port ? Holding(port) : null, requested, Ports.Range(range)));

    // What a stored port answers when the grain cannot is what the grain itself would answer.
    [Theory]
    [MemberData(nameof(Decisions))]
    public void answers_with_holds_exactly_when_decide_answers_from_the_lease(int? held, int? requested, string range, LeaseDecision expected)
    {
        if (held is int port)
        {
            Assert.Equal(expected is LeaseDecision.Known, Leases.AnswersWith(port, requested, Ports.Range(range)));
        }
    }

    [Fact]
    public void grant_records_the_port_online_and_seen_now() =>
        Assert.Equal(new LeaseState(6005, Now, Now, Online: true, "laptop.ssh"), Leases.Grant(6005, "laptop.ssh", Now));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void seen_marks_the_lease_online_with_the_latest_proxy_name_and_keeps_the_grant_time(bool online)
    {
        var lease = Holding(6005) with { Online = online };

        Assert.Equal(new LeaseState(6005, Then, Now, Online: true, "web-1"), Leases.Seen(lease, "web-1", Now));
    }

    // A connected proxy seen again in the same session under the same name within the precision
    // keeps its lease as it is; anything else is recorded.
    [Theory]
    [InlineData(true, "laptop.ssh", "run-1", 59, true)]
    [InlineData(true, "laptop.ssh", "run-1", 60, false)]
    [InlineData(true, "laptop.ssh", "run-1", -1, false)]
    [InlineData(true, "web-1", "run-1", 1, false)]
    [InlineData(true, "laptop.ssh", "run-2", 1, false)]
    [InlineData(false, "laptop.ssh", "run-1", 1, false)]
    public void seen_again_within_the_precision_keeps_the_lease_as_it_is(bool online, string proxyName, string runId, int secondsLater, bool same)
    {
        var lease = Leases.Grant(6005, "laptop.ssh", Then, "run-1") with { Online = online };
        var at = Then.AddSeconds(secondsLater);

        var seen = Leases.Seen(lease, proxyName, at, runId);

        Assert.Equal(same, ReferenceEquals(lease, seen));
        Assert.Equal(same ? Then : at, seen.LastSeen);
        Assert.True(seen.Online);
    }

    [Fact]
    public void closed_marks_the_lease_offline_and_keeps_its_port() =>
        Assert.Equal(new LeaseState(6005, Then, Now, Online: false, "laptop.ssh"), Leases.Closed(Holding(6005), Now));

    [Theory]
    [InlineData("run-2", "run-2", false)]
    [InlineData("run-2", "run-1", true)]
    [InlineData("run-2", "", false)]
    [InlineData("", "run-1", false)]
    public void close_of_another_frpc_session_than_the_last_one_seen_changes_nothing(string seenRun, string closeRun, bool stillOnline)
    {
        var lease = Leases.Seen(Holding(6005), "laptop.ssh", Then, seenRun);

        var closed = Leases.Closed(lease, Now, closeRun);

        Assert.Equal(stillOnline, closed.Online);
        Assert.Equal(stillOnline, ReferenceEquals(lease, closed));
    }

    [Theory]
    [InlineData(false, 30, 30, true)]
    [InlineData(false, 29, 30, false)]
    [InlineData(true, 3000, 30, false)]
    public void lease_expires_only_when_its_proxy_has_been_offline_for_the_expiry(bool online, int minutesSinceSeen, int expiryMinutes, bool expired)
    {
        var lease = Holding(6005) with { Online = online, LastSeen = Then };

        Assert.Equal(expired, Leases.IsExpired(lease, Then.AddMinutes(minutesSinceSeen), TimeSpan.FromMinutes(expiryMinutes)));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void known_proxy_is_stored_only_when_it_comes_back_after_a_close(bool online, bool stored) =>
        Assert.Equal(stored, Leases.SeenMustBeStored(Holding(6005) with { Online = online }));
}
