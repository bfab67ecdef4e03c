namespace PortKeeper.Domain;

/// <summary>What a stored claim is: a closed set.</summary>
public enum ClaimKind
{
    /// <summary>The port is held by a user's proxy or a group.</summary>
    Holds,

    /// <summary>The port is reserved for a proxy that has not taken it yet.</summary>
    Reserved,

    /// <summary>The port is blocked: no proxy gets it.</summary>
    Blocked,
}
