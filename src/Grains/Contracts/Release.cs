namespace PortKeeper.Contracts;

/// <summary>The outcome of an operator's release: a closed set, one admin answer each.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.Release")]
public abstract record Release
{
    private Release() { }

    /// <summary>The port is free for others; <c>Lease</c> is the lease as it was.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Release.Released")]
    public sealed record Released([property: Id(0)] LeaseInfo Lease) : Release;

    /// <summary>The key held no port.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Release.NotHeld")]
    public sealed record NotHeld : Release;

    /// <summary>The proxy is connected, and the release was not forced: the lease is unchanged.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Release.Connected")]
    public sealed record Connected([property: Id(0)] LeaseInfo Lease) : Release;

    /// <summary>The release could not be stored (<c>Reason</c> says why): the proxy keeps its port; try again.</summary>
    [GenerateSerializer, Immutable, Alias("PortKeeper.Release.Unavailable")]
    public sealed record Unavailable([property: Id(0)] string Reason) : Release;
}
