using System.Collections.Immutable;
using PortKeeper.Contracts;

namespace PortKeeper.Gateway.Endpoints;

/// <summary>A page of leases and the cursor of the next page (<c>?after=</c>), null on the last page.</summary>
public sealed record LeasePage(ImmutableArray<LeaseInfo> Items, string? Next);
