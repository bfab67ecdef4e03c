using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// An operator's reservation of a port: kept for the proxy <c>For</c> until its first request
/// takes it, or, with <c>For</c> null, blocked: never handed out, asked for by no proxy.
/// </summary>
public sealed record Reservation(PoolPort Port, LeaseKey? For, DateTimeOffset Since);
