using Orleans.Configuration;

namespace PortKeeper.Silo.Hosting;

/// <summary>
/// How fast a cluster on PostgreSQL declares a lost silo dead. Until it does, the grains that
/// lived there (the pool among them) cannot move, so new proxies wait; known proxies are answered
/// from storage meanwhile. Orleans' defaults take 10-15 s; these take about 3 s after a kill -9.
/// </summary>
public static class Membership
{
    /// <summary>
    /// The configuration section that overrides these settings, with Orleans' own names
    /// (<c>--Orleans:Membership:ProbeTimeout=00:00:05</c>), e.g. for silos across a slow network.
    /// </summary>
    public const string Section = "Orleans:Membership";

    /// <summary>
    /// Probes each second, three missed probes to suspect a silo, two votes to declare it dead;
    /// the membership table read every 10 s besides gossip. The trade: a silo that cannot answer a
    /// probe for about 3 s (a long GC pause, a starved CPU, a network blip) is declared dead and
    /// stops, and its grains move, which costs a moment but never a port. Orleans lengthens a
    /// probe's timeout while the probing silo itself is unhealthy, which guards a loaded node.
    /// </summary>
    public static void Tuned(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        options.ExtendProbeTimeoutDuringDegradation = true;
    }
}
