using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class PortSetTests
{
    // Sets share the pages (4,096 ports each) they agree on; equality looks at the ports only.
    [Theory]
    [InlineData(new[] { 4095, 4096, 65535 })]
    [InlineData(new[] { 0, 8191, 8192, 30000 })]
    public void sets_of_the_same_ports_are_equal_however_built(int[] ports)
    {
        var upwards = PortSet.Of(ports);
        var downwards = PortSet.Of(ports.Reverse());
        var detour = PortSet.Of([.. ports, 12345, 4097]).Without(12345).Without(4097);

        Assert.Equal(upwards, downwards);
        Assert.Equal(upwards, detour);
        Assert.Equal(upwards.GetHashCode(), detour.GetHashCode());
        Assert.Equal(ports.Order(), detour.Ports());
        Assert.NotEqual(upwards, upwards.With(4097));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(6000)]
    [InlineData(65535)]
    public void with_adds_the_port_and_leaves_the_original_untouched(int port)
    {
        var before = PortSet.Of([6001]);

        var after = before.With(port);

        Assert.True(after.Has(port));
        Assert.Equal(2, after.Count);
        Assert.False(before.Has(port));
        Assert.Equal(1, before.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(65535)]
    public void with_a_port_already_there_returns_the_same_set(int port)
    {
        var set = PortSet.Of([port, 6000]);

        Assert.Same(set, set.With(port));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(64)]
    [InlineData(65535)]
    public void without_removes_the_port_and_leaves_the_original_untouched(int port)
    {
        var before = PortSet.Of([port, 6000]);

        var after = before.Without(port);

        Assert.False(after.Has(port));
        Assert.True(after.Has(6000));
        Assert.Equal(1, after.Count);
        Assert.True(before.Has(port));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5999)]
    [InlineData(65535)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void without_an_absent_port_returns_the_same_set(int port)
    {
        var set = PortSet.Of([6000]);

        Assert.Same(set, set.Without(port));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void has_a_port_number_outside_the_bitmap_is_false(int port) =>
        Assert.False(Ports.Set("0-65535").Has(port));

    [Theory]
    [InlineData("", 0)]
    [InlineData("6000", 1)]
    [InlineData("0-63", 64)]
    [InlineData("0-64", 65)]
    [InlineData("1,65535,6000-6009", 12)]
    [InlineData("0-65535", 65536)]
    public void count_is_the_number_of_ports_in_the_set(string ports, int count)
    {
        var set = Ports.Set(ports);

        Assert.Equal(count, set.Count);
        Assert.Equal(Ports.List(ports).Order(), set.Ports());
    }

    [Fact]
    public void of_the_same_port_twice_counts_it_once() =>
        Assert.Equal(1, PortSet.Of([6000, 6000]).Count);

    [Theory]
    [InlineData("", "6000-6010", 0)]
    [InlineData("5999,6000,6005,6010,6011,7000,80", "6000-6010,7000", 4)]
    [InlineData("0-200", "60-130", 71)]
    [InlineData("0-200", "1-3,63-64,128,190-300", 17)]
    [InlineData("1,65535", "1,65535", 2)]
    [InlineData("0-65535", "1-65535", 65535)]
    [InlineData("6000-6010", "", 0)]
    public void count_in_counts_only_ports_inside_the_range(string ports, string range, int expected) =>
        Assert.Equal(expected, Ports.Set(ports).CountIn(Ports.Range(range)));

    [Theory]
    [InlineData("6000-6009", "", 0, 6000)]
    [InlineData("6000-6009", "", 3, 6003)]
    [InlineData("6000-6009", "", 13, 6003)]
    [InlineData("6000-6009", "", -1, 6009)]
    [InlineData("6000-6009", "5990-5999,6010-6020", 0, 6000)]
    [InlineData("6000-6009", "6003", 3, 6004)]
    [InlineData("6000-6009", "6003-6009", 3, 6000)]
    [InlineData("6000-6009", "6000-6008", 0, 6009)]
    [InlineData("6000-6009", "6000-6008", 5, 6009)]
    [InlineData("6000-6009", "6001-6009", 5, 6000)]
    [InlineData("6000-6009", "6001-6009", 0, 6000)]
    [InlineData("6000-6009", "6000-6004,6006-6009", 6, 6005)]
    [InlineData("6000-6009", "6000-6009", 0, null)]
    [InlineData("6000-6009", "6000-6009", 7, null)]
    [InlineData("6000-6002,7000-7002", "6001-6002", 1, 7000)]
    [InlineData("6000-6002,7000-7002", "6001-6002,7000-7002", 1, 6000)]
    [InlineData("6000-6002,7000-7002,8000", "7000-7002", 4, 8000)]
    [InlineData("6000-6002,7000-7002,8000", "7001-7002,8000", 4, 6000)]
    [InlineData("6000-6002,7000-7002,8000", "6000-6002,7000,7002,8000", 0, 7001)]
    [InlineData("6000-6002,7000-7002,8000", "6000-6002,7000-7002,8000", 3, null)]
    [InlineData("1,65535", "65535", 1, 1)]
    [InlineData("1,65535", "1", 0, 65535)]
    [InlineData("1-65535", "1-65534", 0, 65535)]
    [InlineData("1-65535", "2-65535", 65534, 1)]
    [InlineData("60-200", "60-199", 0, 200)]
    [InlineData("60-200", "61-200", 100, 60)]
    [InlineData("", "", 0, null)]
    public void first_free_searches_up_from_the_start_and_wraps_round(string range, string taken, int startIndex, int? expected) =>
        Assert.Equal(expected, Ports.Set(taken).FirstFree(Ports.Range(range), startIndex));

    [Theory]
    [InlineData("6000,6002", "6000,6002", true)]
    [InlineData("6000,6002", "6002,6000", true)]
    [InlineData("", "", true)]
    [InlineData("6000,6002", "6000", false)]
    [InlineData("0", "65535", false)]
    public void sets_with_the_same_ports_are_equal(string left, string right, bool expected)
    {
        Assert.Equal(expected, Ports.Set(left).Equals(Ports.Set(right)));
        Assert.Equal(expected, Ports.Set(left).Equals((object)Ports.Set(right)));
    }
}
