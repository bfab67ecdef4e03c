using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A listed lease and its holder.</summary>
public sealed record ListedLease(LeaseKey Holder, LeaseInfo Lease);
