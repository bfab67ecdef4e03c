using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A pool's limits: the default of every user (<c>--max-ports-per-user</c>, 0 for none) and the users with limits of their own.</summary>
public sealed record PoolLimits(string Pool, int MaxPortsPerUser, ImmutableArray<OwnLimit> Users);
