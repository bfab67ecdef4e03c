using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A user of a pool, the leases of its own proxies, and its limits as they apply now.</summary>
public sealed record UserInfo(string Pool, string User, ImmutableArray<LeaseInfo> Leases, UserLimits? Limits = null);
