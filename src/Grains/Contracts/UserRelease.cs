namespace PortKeeper.Contracts;

/// <summary>The outcome of releasing every port of a user, all or nothing: a closed set.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.UserRelease")]
public abstract record UserRelease
{
    private UserRelease() { }

    /// <summary>Every port the user's own proxies held is free; <c>Leases</c> as they were (empty when it held none).</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.UserRelease.Released")]
    public sealed record Released([property: Id(0)] System.Collections.Immutable.ImmutableArray<LeaseInfo> Leases) : UserRelease;

    /// <summary>Some proxies are connected and the release was not forced: nothing changed; <c>Online</c> are those proxies.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.UserRelease.Connected")]
    public sealed record Connected([property: Id(0)] System.Collections.Immutable.ImmutableArray<LeaseInfo> Online) : UserRelease;

    /// <summary>
    /// A release could not be stored (<c>Reason</c> says why): <c>Freed</c> are the leases released
    /// before it, as they were; the others keep their ports. Try again.
    /// </summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.UserRelease.Unavailable")]
    public sealed record Unavailable([property: Id(0)] string Reason, [property: Id(1)] System.Collections.Immutable.ImmutableArray<LeaseInfo> Freed) : UserRelease;
}
