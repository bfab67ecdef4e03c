using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// A taken port of a pool as stored: its holder, and whether the holder has yet to confirm it
/// (a pending grant, with the port it replaces and since when); or, by <c>Kind</c>, a reservation
/// for the proxy <c>Holder</c> or a blocked port (<c>Holder</c> <see cref="Claims.Nobody"/>), since <c>Since</c>.
/// </summary>
public sealed record Claim(PoolPort Port, LeaseKey Holder, bool Pending, int? Replacing = null, DateTimeOffset? Since = null, ClaimKind Kind = ClaimKind.Holds);
