using PortKeeper.Integration.Tests.Postgres;
using Xunit.Abstractions;

namespace PortKeeper.Integration.Tests.Chaos;

/// <summary>
/// The chaos run of the test suite (<see cref="ChaosSettings.Suite"/>); <c>scripts/chaos.sh</c>
/// runs the long one, and <c>PORTKEEPER_CHAOS_*</c> sets any other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChaosTests(PostgresServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task nodes_killed_and_a_database_outage_under_load_never_give_a_port_twice_or_change_one_and_leave_a_map_that_agrees()
    {
        var settings = ChaosSettings.FromEnvironment();

        var figures = await ChaosRun.RunAsync(settings, server, output.WriteLine);

        output.WriteLine(figures.ToString());
        figures.Violations.Take(100).ToList().ForEach(output.WriteLine);
        figures.StackTraces.Take(20).ToList().ForEach(output.WriteLine);
        Assert.Empty(figures.Violations);
        // The run did what it is for: nodes were killed, proxies were granted ports and asked again.
        Assert.True(figures.Killed >= (int)(settings.Duration.TotalSeconds / settings.KillEveryMax.TotalSeconds / 2), $"only {figures.Killed} nodes were killed");
        Assert.True(figures.Holders >= settings.Workers * 10, $"only {figures.Holders} holders got a port");
        // Nor did a node loss or the outage leave stack traces for an operator to read in the nodes' logs.
        Assert.Empty(figures.StackTraces);
        Assert.Contains(figures.Answers.Keys, k => k == "granted, known");
        if (settings.Outage > TimeSpan.Zero)
        {
            Assert.Contains(figures.Answers.Keys, k => k.StartsWith("outage ", StringComparison.Ordinal));
        }
    }
}
