using PortKeeper.Silo.Configuration;

namespace PortKeeper.Core.Tests.Configuration;

public sealed class CommandLineHelpTests
{
    [Theory]
    [InlineData("/opt/portkeeper/portkeeper", "PortKeeper.Gateway", "portkeeper")]
    [InlineData("/usr/local/bin/portkeeper", "PortKeeper.Gateway", "portkeeper")]
    [InlineData("/usr/share/dotnet/dotnet", "PortKeeper.Gateway", "dotnet PortKeeper.Gateway.dll")]
    [InlineData("/src/Gateway/bin/Release/net10.0/PortKeeper.Gateway", "PortKeeper.Gateway", "PortKeeper.Gateway")]
    [InlineData(null, "PortKeeper.Gateway", "dotnet PortKeeper.Gateway.dll")]
    public void Invocation_names_the_command_as_typed(string? processPath, string entryAssembly, string expected) =>
        Assert.Equal(expected, CommandLineHelp.Invocation(processPath, entryAssembly));

    [Theory]
    [InlineData("portkeeper")]
    [InlineData("dotnet PortKeeper.Gateway.dll")]
    public void version_prints_the_product_name_whatever_the_invocation(string invocation) =>
        Assert.Equal("portkeeper 1.2.3\n", CommandLineHelp.For(["--version"], invocation, "1.2.3"));

    [Fact]
    public void help_shows_the_invocation_in_its_usage_line() =>
        Assert.StartsWith("portkeeper 1.2.3\nusage: portkeeper [options]\n", CommandLineHelp.For(["--help"], "portkeeper", "1.2.3"), StringComparison.Ordinal);
}
