namespace PortKeeper.Gateway.Cli;

/// <summary>How a command shows the node's answer to a person (with <c>--json</c>, the answer is printed as it came).</summary>
public enum CliView
{
    /// <summary>A table of pools (<c>GET /pools</c>).</summary>
    Pools,

    /// <summary>A table of leases (<c>GET /leases</c>).</summary>
    Leases,

    /// <summary>A user, its limits and its leases (<c>/users/{user}</c>).</summary>
    User,

    /// <summary>One lease (a port's holder, a proxy's lease).</summary>
    Lease,

    /// <summary>One lease, released.</summary>
    Released,

    /// <summary>A group and its members.</summary>
    Group,

    /// <summary>A pool's limits.</summary>
    Limits,

    /// <summary>A table of reservations and blocked ports.</summary>
    Reservations,

    /// <summary>One reservation, made.</summary>
    Reserved,

    /// <summary>One reservation, removed.</summary>
    Unreserved,

    /// <summary>A repair's report.</summary>
    Repair,

    /// <summary>An export document, printed or written to a file as it came.</summary>
    Export,

    /// <summary>An import's report.</summary>
    Import,
}

/// <summary>
/// What a command asks of the node: one admin API call (<paramref name="Path"/> with its query), its body
/// (<paramref name="Body"/> as given, or the file <paramref name="BodyFile"/>), how the answer is shown,
/// where it is written (<paramref name="OutputFile"/>, else standard output), and whether the pages of a
/// listing are followed to the last (<paramref name="AllPages"/>).
/// </summary>
public sealed record CliRequest(
    HttpMethod Method, string Path, CliView View, string? Body = null, string? BodyFile = null, string? OutputFile = null, bool AllPages = false);

/// <summary>Which node a command calls, with which admin token, and whether it prints the API's JSON.</summary>
public sealed record CliTarget(Uri Node, string? Token, bool Json);

/// <summary>What the command line asks for: a closed set.</summary>
public abstract record CliParse
{
    private CliParse() { }

    /// <summary>A call of the node's admin API.</summary>
    public sealed record Call(CliTarget Target, CliRequest Request) : CliParse;

    /// <summary>
    /// Text to print and the exit code: help (exit 0, to standard output), or a usage error (exit
    /// <see cref="CliExit.Usage"/>, to standard error).
    /// </summary>
    public sealed record Print(string Text, int ExitCode) : CliParse;
}

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
