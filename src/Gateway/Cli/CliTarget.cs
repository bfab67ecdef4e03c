namespace PortKeeper.Gateway.Cli;

/// <summary>Which node a command calls, with which admin token, and whether it prints the API's JSON.</summary>
public sealed record CliTarget(Uri Node, string? Token, bool Json);
