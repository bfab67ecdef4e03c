using Orleans.TestingHost;

namespace PortKeeper.Integration.Tests;

/// <summary>
/// How these tests start and stop an <see cref="InProcessTestCluster"/> (Orleans' in-memory
/// membership and transport, silos in this process), each within a deadline.
/// </summary>
public static class InProcessCluster
{
    /// <summary>Starts <paramref name="silos"/> silos as <paramref name="configure"/> sets up their builder.</summary>
    public static async Task<InProcessTestCluster> StartAsync(int silos, Action<InProcessTestClusterBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new InProcessTestClusterBuilder((short)silos);
        configure(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync().WithinAsync(Deadlines.Slow, $"the start of {silos} in-process silos");
        return cluster;
    }

    /// <summary>Stops every silo of <paramref name="cluster"/> and its client.</summary>
    public static Task StopAsync(InProcessTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.DisposeAsync().AsTask().WithinAsync(Deadlines.Slow, "the stop of the in-process silos");
    }
}
