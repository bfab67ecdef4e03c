namespace PortKeeper.Gateway.Cli;

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
