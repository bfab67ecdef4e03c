using PortKeeper.Contracts;

namespace PortKeeper.Domain;

/// <summary>
/// A port handed to a key that the key's holder (user or group grain) has not yet confirmed. If
/// the holder took <c>Port</c>, <c>Replacing</c> (its former port) is released when the grant settles.
/// </summary>
public sealed record PendingGrant(LeaseKey Key, int Port, int? Replacing, DateTimeOffset GrantedAt);
