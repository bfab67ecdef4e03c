namespace PortKeeper.Grains;

/// <summary>Storage refused a claim change: the port is held by someone else than the pool expected.</summary>
public sealed class ClaimConflictException(string message, Exception? inner = null) : Exception(message, inner);
