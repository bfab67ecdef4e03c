using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A load-balancing group of a pool: its lease and its members.</summary>
public sealed record GroupInfo(string Pool, LeaseInfo Lease, ImmutableArray<GroupMember> Members);
