using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class AllowPortsFromEntriesTests
{
    public static TheoryData<(int?, int?, int?)[], string> ValidEntries => new()
    {
        { [(2000, 3000, null), (null, null, 3001)], "2000-3001" },
        { [(null, null, 1), (null, null, 65535)], "1,65535" },
        { [(20000, 20999, null), (6000, 7100, null), (null, null, 9000)], "6000-7100,9000,20000-20999" },
        { [(100, 200, null), (150, 250, null)], "100-250" },
        { [(4000, null, null)], "4000" },
        { [(80, 80, null)], "80" },
    };

    public static TheoryData<(int?, int?, int?)[], string> InvalidEntries => new()
    {
        { [], "allowPorts is empty" },
        { [(null, null, 9000), (null, 10, null)], "allowPorts entry 2 (start=, end=10, single=) needs start and end, or single, within 1-65535" },
        { [(3000, 2000, null)], "allowPorts entry 1 (start=3000, end=2000, single=) needs start and end, or single, within 1-65535" },
        { [(1, 2, 3)], "allowPorts entry 1 (start=1, end=2, single=3) needs start and end, or single, within 1-65535" },
        { [(null, null, 0)], "allowPorts entry 1 (start=, end=, single=0) needs start and end, or single, within 1-65535" },
        { [(null, null, 65536)], "allowPorts entry 1 (start=, end=, single=65536) needs start and end, or single, within 1-65535" },
        { [(null, null, null)], "allowPorts entry 1 (start=, end=, single=) needs start and end, or single, within 1-65535" },
    };

    [Theory]
    [MemberData(nameof(ValidEntries))]
    public void valid_entries_give_merged_range((int?, int?, int?)[] entries, string expected)
    {
        var parsed = Assert.IsType<Parsed<PortRange>.Ok>(AllowPorts.FromEntries(entries));
        Assert.Equal(expected, parsed.Value.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public void invalid_entry_gives_error_naming_it((int?, int?, int?)[] entries, string expected)
    {
        var error = Assert.IsType<Parsed<PortRange>.Error>(AllowPorts.FromEntries(entries));
        Assert.Equal(expected, error.Message);
    }
}
