using System.Net;
using Microsoft.Extensions.Time.Testing;
using PortKeeper.Gateway.Status;

namespace PortKeeper.Core.Tests.Status;

public sealed class SignInLimitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SignInLimit Limit = new(3, TimeSpan.FromSeconds(60));

    // Failures at these seconds after T0, then a try at `at`: how long it must wait (null: it may try).
    public static TheoryData<int[], int, int?> Tries => new()
    {
        { [], 0, null },
        { [0, 1], 2, null },
        { [0, 1, 2], 3, 57 },
        { [0, 1, 2], 59, 1 },
        { [0, 1, 2], 60, null },
        // A failure after the window opens a new one: three in a minute are needed again.
        { [0, 1, 61, 62], 63, null },
        { [0, 61, 62, 63], 64, 57 },
    };

    [Theory]
    [MemberData(nameof(Tries))]
    public void a_credential_waits_once_the_failures_of_its_window_reach_the_limit_until_the_window_ends(int[] failures, int at, int? wait)
    {
        var window = failures.Aggregate((FailureWindow?)null, (w, second) => Limit.Fail(w, T0.AddSeconds(second)));

        Assert.Equal(wait is { } seconds ? TimeSpan.FromSeconds(seconds) : null, Limit.RetryAfter(window, T0.AddSeconds(at)));
    }

    [Theory]
    [InlineData(59, false)]
    [InlineData(60, true)]
    public void a_window_can_be_forgotten_once_it_has_passed(int at, bool expired) =>
        Assert.Equal(expired, Limit.Expired(new FailureWindow(T0, 5), T0.AddSeconds(at)));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void addresses_count_as_themselves_ipv6_ones_by_their_64_network(string? address, string key) =>
        Assert.Equal(key, SignInGuard.Key(address is null ? null : IPAddress.Parse(address)));

    [Fact]
    public void the_guard_counts_each_address_apart_and_lets_it_try_again_after_the_window()
    {
        var clock = new FakeTimeProvider(T0);
        var guard = new SignInGuard(Limit, clock);
        var attacker = IPAddress.Parse("198.51.100.1");
        var operatorAddress = IPAddress.Parse("198.51.100.2");

        for (var i = 0; i < 3; i++)
        {
            guard.Failed(attacker);
        }
        var blocked = guard.RetryAfter(attacker);
        var other = guard.RetryAfter(operatorAddress);
        clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromSeconds(60), blocked);
        Assert.Null(other);
        Assert.Null(guard.RetryAfter(attacker));
    }

    [Fact]
    public void the_guard_tracks_a_bounded_number_of_addresses()
    {
        var clock = new FakeTimeProvider(T0);
        var guard = new SignInGuard(new SignInLimit(1, TimeSpan.FromHours(1)), clock);
        var first = IPAddress.Parse("10.0.0.0");

        for (var i = 0; i <= SignInGuard.MaxAddresses; i++)
        {
            clock.SetUtcNow(T0.AddMilliseconds(i));
            guard.Failed(new IPAddress(BitConverter.GetBytes(0x0A000000 + i).Reverse().ToArray()));
        }

        // The oldest window made room for the last address.
        Assert.Null(guard.RetryAfter(first));
        Assert.NotNull(guard.RetryAfter(IPAddress.Parse("10.0.39.16")));
    }
}
