namespace PortKeeper.Gateway.Cli;

/// <summary>The CLI's exit codes.</summary>
public static class CliExit
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The node refused (its problem's title and detail are printed) or failed.</summary>
    public const int Refused = 1;

    /// <summary>An unknown command or option, a missing or bad argument, a file that cannot be read or written.</summary>
    public const int Usage = 2;

    /// <summary>The node could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>No admin token given, or the node refused it.</summary>
    public const int Token = 4;
}
