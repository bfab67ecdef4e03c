using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>How a finding is settled once the grain it names has said what it holds: a closed set.</summary>
public abstract record Settlement
{
    private Settlement() { }

    /// <summary>The pool frees <c>Port</c>, claimed for <c>Holder</c>, which does not hold it.</summary>
    public sealed record Free(PoolPort Port, LeaseKey Holder) : Settlement;

    /// <summary>The pool claims <c>Port</c> for <c>Holder</c>, which holds it.</summary>
    public sealed record Claim(PoolPort Port, LeaseKey Holder) : Settlement;

    /// <summary><c>Other</c> forgets <c>Port</c>, which the pool keeps for <c>Keeper</c>; its proxy gets a port of its own on its next request.</summary>
    public sealed record Forget(PoolPort Port, LeaseKey Keeper, LeaseKey Other) : Settlement;

    /// <summary>The finding's name in metrics: unheld, unclaimed or held_twice.</summary>
    public string Kind => this switch
    {
        Free => "unheld",
        Claim => "unclaimed",
        _ => "held_twice",
    };

    /// <summary>The settlement in words, for the log and the repair report.</summary>
    public string Line => this switch
    {
        Free(var port, var holder) => $"{port}: claimed for {LeaseKeys.Describe(holder)}, which does not hold it: freed",
        Claim(var port, var holder) => $"{port}: held by {LeaseKeys.Describe(holder)} but counted free: claimed for it",
        Forget(var port, var keeper, var other) => $"{port}: held by {LeaseKeys.Describe(keeper)} and by {LeaseKeys.Describe(other)}: kept for the first, the second gets a port of its own on its next request",
        _ => throw new InvalidOperationException($"unknown settlement {GetType().Name}"),
    };
}
