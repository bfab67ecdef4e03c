namespace PortKeeper.Grains;

/// <summary>What kind of failure stopped an answer, as far as the exception tells.</summary>
public enum FailureKind
{
    /// <summary>A silo of the cluster could not be reached (it died, or is being replaced).</summary>
    NodeUnreachable,

    /// <summary>The database refused or did not answer.</summary>
    StorageDown,

    /// <summary>Another activation of the grain wrote first (a membership change); retrying reaches the live one.</summary>
    Moved,

    /// <summary>Anything else: a defect, logged with its stack trace.</summary>
    Unexpected,
}
