using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Domain;

public sealed class PortRangeTests
{
    [Theory]
    [InlineData("6000-6010", "6000-6010", 11)]
    [InlineData("6005-6020,6000-6010", "6000-6020", 21)]
    [InlineData("6000-6010,6011-6020", "6000-6020", 21)]
    [InlineData("6000-6010,6012-6020", "6000-6010,6012-6020", 20)]
    [InlineData("6000-6020,6005-6006", "6000-6020", 21)]
    [InlineData("6000-6010,6000-6010", "6000-6010", 11)]
    [InlineData("7000,6001,6000", "6000-6001,7000", 3)]
    [InlineData("9000,6000-7100", "6000-7100,9000", 1102)]
    [InlineData("1,65535", "1,65535", 2)]
    [InlineData("1-65535,80,65535", "1-65535", 65535)]
    [InlineData("1-100,50-200,201-300,302", "1-300,302", 301)]
    [InlineData("", "", 0)]
    public void runs_in_any_order_merge_into_sorted_separate_runs(string runs, string expected, int count)
    {
        var range = PortRange.Of(Ports.Runs(runs));

        Assert.Equal(expected, range.ToString());
        Assert.Equal(count, range.Count);
        Assert.All(range.Intervals.Zip(range.Intervals.Skip(1)), pair => Assert.True(pair.First.Last + 1 < pair.Second.First));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(80, true)]
    [InlineData(65535, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(65536, false)]
    [InlineData(long.MaxValue, false)]
    public void a_port_number_is_from_1_to_65535(long number, bool isPort) =>
        Assert.Equal(isPort, PortRange.IsPort(number));

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, -1)]
    [InlineData(65535, 65536)]
    [InlineData(65536, 65536)]
    [InlineData(6010, 6000)]
    public void run_outside_the_port_numbers_or_reversed_throws(int first, int last) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortRange.Of([new PortInterval(6000, 6001), new PortInterval(first, last)]));

    [Theory]
    [InlineData("6000-6010", "6005", "6000-6004,6006-6010")]
    [InlineData("6000-6010", "6000", "6001-6010")]
    [InlineData("6000-6010", "6010", "6000-6009")]
    [InlineData("6000-6010", "6005,6003,6004", "6000-6002,6006-6010")]
    [InlineData("6000-6010", "6001,6003,6003", "6000,6002,6004-6010")]
    [InlineData("6000", "6000", "")]
    [InlineData("6000-6001", "6000,6001", "")]
    [InlineData("6000-6010", "5999,6011,80", "6000-6010")]
    [InlineData("6000-6010", "", "6000-6010")]
    [InlineData("6000-6002,7000-7002", "6001,7001", "6000,6002,7000,7002")]
    [InlineData("1-65535", "1,65535", "2-65534")]
    public void except_splits_the_runs_holding_the_ports(string range, string ports, string expected)
    {
        var rest = Ports.Range(range).Except(Ports.List(ports));

        Assert.Equal(expected, rest.ToString());
        Assert.Equal(Ports.Range(expected), rest);
        Assert.Equal(Ports.Range(range).Count - Ports.List(ports).Distinct().Count(Ports.Range(range).Contains), rest.Count);
    }

    [Theory]
    [InlineData("6000-6010", "6000-6010", "")]
    [InlineData("6000-6010", "6005-6020", "6011-6020")]
    [InlineData("6000-6010", "5990-6020", "5990-5999,6011-6020")]
    [InlineData("6000-6002,6004-6006", "6000-6006", "6003")]
    [InlineData("6000-6010", "7000,6000", "7000")]
    [InlineData("", "6000-6001", "6000-6001")]
    [InlineData("6000-6010", "", "")]
    [InlineData("1-65535", "1,65535", "")]
    [InlineData("2-65534", "1-65535", "1,65535")]
    public void missing_gives_the_ports_of_the_other_range_this_one_lacks(string range, string other, string expected) =>
        Assert.Equal(expected, Ports.Range(range).Missing(Ports.Range(other)).ToString());

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(10, true)]
    [InlineData(19, false)]
    [InlineData(65534, false)]
    [InlineData(65535, true)]
    [InlineData(65536, false)]
    [InlineData(-1, false)]
    public void contains_is_true_only_for_ports_in_a_run(int port, bool expected) =>
        Assert.Equal(expected, Ports.Range("1-3,10,65535").Contains(port));

    public static TheoryData<string> MultiRunRanges => new()
    {
        "1",
        "65535",
        "1,65535",
        "1-3,10,20-22",
        "6000-7100,9000,10000-10010",
        "1-64,66-129,65000-65535",
    };

    [Theory]
    [MemberData(nameof(MultiRunRanges))]
    public void port_at_and_index_of_round_trip_over_every_position(string text)
    {
        var range = Ports.Range(text);
        var ports = Enumerable.Range(0, range.Count).Select(range.PortAt).ToList();

        Assert.Equal(Ports.List(text), ports);
        Assert.All(ports, (port, index) => Assert.Equal(index, range.IndexOf(port)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(10, 3)]
    [InlineData(20, 4)]
    [InlineData(22, 6)]
    [InlineData(0, -1)]
    [InlineData(4, -1)]
    [InlineData(23, -1)]
    [InlineData(65536, -1)]
    public void index_of_counts_ports_before_it_or_gives_minus_one(int port, int expected) =>
        Assert.Equal(expected, Ports.Range("1-3,10,20-22").IndexOf(port));

    [Theory]
    [InlineData("1-3,10", -1)]
    [InlineData("1-3,10", 4)]
    [InlineData("", 0)]
    public void port_at_outside_zero_to_count_throws(string range, int index) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Ports.Range(range).PortAt(index));

    [Theory]
    [InlineData("6000-6010,6011-6020", "6000-6020", true)]
    [InlineData("6011-6020,6000-6010", "6000-6020", true)]
    [InlineData("", "", true)]
    [InlineData("6000-6020", "6000-6019", false)]
    [InlineData("6000,6002", "6000-6002", false)]
    public void ranges_with_the_same_ports_are_equal(string left, string right, bool expected)
    {
        var (a, b) = (Ports.Range(left), Ports.Range(right));

        Assert.Equal(expected, a.Equals(b));
        Assert.Equal(expected, a.Equals((object)b));
        Assert.Equal(expected, a.GetHashCode() == b.GetHashCode());
    }

    [Fact]
    public void empty_range_equals_a_range_of_no_runs_and_not_null()
    {
        Assert.Equal(PortRange.Empty, PortRange.Of([]));
        Assert.False(PortRange.Empty.Equals(null));
        Assert.False(Ports.Range("6000").Equals("6000"));
    }

    [Theory]
    [InlineData("6000-7100,9000")]
    [InlineData("1,65535")]
    [InlineData("2000-3000,3002,4000-50000")]
    public void text_form_reads_back_as_frps_allow_ports(string text)
    {
        var range = Ports.Range(text);

        var parsed = Assert.IsType<Parsed<PortRange>.Ok>(AllowPorts.Parse(range.ToString()));
        Assert.Equal(range, parsed.Value);
    }

    [Theory]
    [InlineData(6000, 6000, 1, "6000")]
    [InlineData(6000, 7100, 1101, "6000-7100")]
    public void interval_counts_both_ends_and_prints_a_single_port_bare(int first, int last, int count, string text)
    {
        var run = new PortInterval(first, last);

        Assert.Equal(count, run.Count);
        Assert.Equal(text, run.ToString());
    }
}
