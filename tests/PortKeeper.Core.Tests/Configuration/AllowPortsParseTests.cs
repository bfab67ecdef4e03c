using PortKeeper.Domain;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class AllowPortsParseTests
{
    [Theory]
    [InlineData("20000-29999", "20000-29999")]
    [InlineData("2000-3000,3001,3003,4000-50000", "2000-3001,3003,4000-50000")]
    [InlineData(" 6000-7100 , 9000,  20000-20999 ", "6000-7100,9000,20000-20999")]
    [InlineData("6000 - 7100", "6000-7100")]
    [InlineData("100-200,150-250", "100-250")]
    [InlineData("300,100-200,201", "100-201,300")]
    [InlineData("5000,5000", "5000")]
    [InlineData("1", "1")]
    [InlineData("65535", "65535")]
    [InlineData("1-65535", "1-65535")]
    [InlineData("7-7", "7")]
    public void valid_list_gives_merged_range(string text, string expected)
    {
        var parsed = Assert.IsType<Parsed<PortRange>.Ok>(AllowPorts.Parse(text));
        Assert.Equal(expected, parsed.Value.ToString());
    }

    [Theory]
    [InlineData("0", "'0' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("65536", "'65536' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("70000", "'70000' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("0-10", "'0-10' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("65000-65536", "'65000-65536' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("a-b", "'a-b' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("5-3", "'5-3' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("-5", "'-5' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("1-2-3", "'1-2-3' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("+80", "'+80' is not a port (1-65535) or a run of ports like 20000-29999")]
    [InlineData("1000,,2000", "'1000,,2000' has an empty piece between commas")]
    [InlineData("1000,", "'1000,' has an empty piece between commas")]
    [InlineData(",1000", "',1000' has an empty piece between commas")]
    [InlineData("", "the port list is empty")]
    [InlineData("   ", "the port list is empty")]
    [InlineData(null, "the port list is empty")]
    public void invalid_list_gives_error_naming_the_piece(string? text, string expected)
    {
        var error = Assert.IsType<Parsed<PortRange>.Error>(AllowPorts.Parse(text));
        Assert.Equal(expected, error.Message);
    }
}
