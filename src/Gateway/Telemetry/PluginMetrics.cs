using System.Diagnostics.Metrics;
using PortKeeper.Contracts;
using PortKeeper.Grains;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Gateway.Telemetry;

/// <summary>PortKeeper's own meter: what frps asked and what it got, and how long the answer took.</summary>
public sealed class PluginMetrics
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = PoolMetrics.MeterName;

    private readonly Counter<long> _answers;
    private readonly Histogram<double> _duration;

    public PluginMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _answers = meter.CreateCounter<long>("portkeeper.plugin.answers", description: "Answers to frps, by outcome");
        _duration = meter.CreateHistogram<double>("portkeeper.plugin.duration", unit: "s", description: "Time to answer frps");
    }

    /// <summary>Counts one answer of <paramref name="outcome"/> that took <paramref name="elapsed"/>.</summary>
    public void Record(PluginOutcome outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", Name(outcome));
        _answers.Add(1, tag);
        _duration.Record(elapsed.TotalSeconds, tag);
    }

    /// <summary>The outcome's metric tag: one word per case.</summary>
    public static string Name(PluginOutcome outcome) => outcome switch
    {
        PluginOutcome.Unchanged => "unchanged",
        PluginOutcome.Invalid => "invalid",
        PluginOutcome.Leased(_, _, Allocation.Granted { IsNew: true }) => "granted_new",
        PluginOutcome.Leased(_, _, Allocation.Granted) => "granted_known",
        PluginOutcome.FromStorage => "granted_from_storage",
        PluginOutcome.Leased(_, _, Allocation.HeldByAnother) => "held_by_another",
        PluginOutcome.Leased(_, _, Allocation.NotInRange) => "not_in_range",
        PluginOutcome.Leased(_, _, Allocation.PoolFull) => "pool_full",
        PluginOutcome.Leased(_, _, Allocation.PortReserved) => "port_reserved",
        PluginOutcome.Leased(_, _, Allocation.GroupHolds) => "group_holds",
        PluginOutcome.Leased(_, _, Allocation.LimitReached) => "limit_reached",
        PluginOutcome.Leased(_, _, Allocation.OutsideUserPorts) => "outside_user_ports",
        PluginOutcome.Leased(_, _, Allocation.Unavailable) => "unavailable",
        PluginOutcome.NoUser => "no_user",
        PluginOutcome.NotRecorded(_, _, null) => "deadline_passed",
        PluginOutcome.NotRecorded(_, _, FailureKind.NodeUnreachable) => "node_unreachable",
        PluginOutcome.NotRecorded(_, _, FailureKind.StorageDown) => "storage_down",
        PluginOutcome.NotRecorded => "unavailable",
        PluginOutcome.Faulted => "faulted",
        _ => "unknown",
    };
}
