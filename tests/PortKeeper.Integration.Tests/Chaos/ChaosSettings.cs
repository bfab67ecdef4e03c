using System.Globalization;

namespace PortKeeper.Integration.Tests.Chaos;

/// <summary>
/// What a chaos run does: how long the load runs, how many proxies of how many users it drives
/// through how many workers, how often a node is killed, and whether (and how long) PostgreSQL is
/// stopped in the middle. Each can be set from the environment (<c>PORTKEEPER_CHAOS_*</c>).
/// </summary>
public sealed record ChaosSettings(
    TimeSpan Duration,
    int Proxies,
    int Users,
    int Groups,
    int Workers,
    TimeSpan KillEveryMin,
    TimeSpan KillEveryMax,
    TimeSpan Outage,
    TimeSpan Deadline,
    int Seed)
{
    /// <summary>The run of the test suite: 60 s, 10,000 proxies of 2,000 users, a kill every 5-10 s, a 10 s database outage.</summary>
    public static ChaosSettings Suite { get; } = new(
        TimeSpan.FromSeconds(60), 10_000, 2_000, 50, 16, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 20261203);

    /// <summary>
    /// <see cref="Suite"/>, with what the environment sets: <c>PORTKEEPER_CHAOS_SECONDS</c>,
    /// <c>_PROXIES</c>, <c>_USERS</c>, <c>_WORKERS</c>, <c>_OUTAGE_SECONDS</c> (0: none) and <c>_SEED</c>.
    /// </summary>
    public static ChaosSettings FromEnvironment() => Suite with
    {
        Duration = TimeSpan.FromSeconds(Setting("SECONDS", (int)Suite.Duration.TotalSeconds)),
        Proxies = Setting("PROXIES", Suite.Proxies),
        Users = Setting("USERS", Suite.Users),
        Workers = Setting("WORKERS", Suite.Workers),
        Outage = TimeSpan.FromSeconds(Setting("OUTAGE_SECONDS", (int)Suite.Outage.TotalSeconds)),
        Seed = Setting("SEED", Suite.Seed),
    };

    /// <summary>The settings as environment variables, to run them again.</summary>
    public string AsEnvironment() => string.Create(CultureInfo.InvariantCulture,
        $"PORTKEEPER_CHAOS_SECONDS={Duration.TotalSeconds:0} PORTKEEPER_CHAOS_PROXIES={Proxies} PORTKEEPER_CHAOS_USERS={Users} "
        + $"PORTKEEPER_CHAOS_WORKERS={Workers} PORTKEEPER_CHAOS_OUTAGE_SECONDS={Outage.TotalSeconds:0} PORTKEEPER_CHAOS_SEED={Seed}");

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable($"PORTKEEPER_CHAOS_{name}"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
}
