namespace PortKeeper.Core.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void fixtures_are_copied_beside_the_tests() =>
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "fixtures", "frp", "newproxy-tcp-no-port.json")));
}
