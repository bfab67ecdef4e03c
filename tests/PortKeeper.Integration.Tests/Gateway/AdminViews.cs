using PortKeeper.Contracts;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>A page of <c>GET /leases</c>, as a client reads it.</summary>
public sealed record PageView(List<LeaseInfo> Items, string? Next);

/// <summary>A user of <c>GET /users/{user}</c>, as a client reads it.</summary>
public sealed record UserView(string Pool, string User, List<LeaseInfo> Leases, UserLimits? Limits = null);

/// <summary>A group of <c>GET /groups/{protocol}/{group}</c>, as a client reads it.</summary>
public sealed record GroupView(string Pool, LeaseInfo Lease, List<GroupMember> Members);

/// <summary>The limits of <c>GET /limits</c>, as a client reads them.</summary>
public sealed record LimitsView(string Pool, int MaxPortsPerUser, List<OwnLimit> Users);
