using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortKeeper.Gateway.Cli;

/// <summary>The one line and exit code of each way a command can fail, as pure functions.</summary>
public static class CliErrors
{
    /// <summary>No admin token given.</summary>
    public static (string Line, int ExitCode) NoToken { get; } =
        ($"no admin token: give the node's --admin-token with --token TOKEN or ${CliCommands.TokenVariable}", CliExit.Token);

    /// <summary>The node could not be reached at <paramref name="node"/>, for <paramref name="why"/>.</summary>
    public static (string Line, int ExitCode) Unreachable(Uri node, string why)
    {
        ArgumentNullException.ThrowIfNull(node);
        return ($"cannot reach the node at {node.OriginalString} ({why}): is it running there? Give its address with --node URL or ${CliCommands.NodeVariable}", CliExit.Unreachable);
    }

    /// <summary>A file of the command that cannot be read or written.</summary>
    public static (string Line, int ExitCode) File(string verb, string path, string why) => ($"cannot {verb} {path}: {why}", CliExit.Usage);

    /// <summary>
    /// A refusal of the node at <paramref name="node"/>: the token refused (401) or the admin API off
    /// (403) say how to fix it; any other problem details give their title and detail.
    /// </summary>
    public static (string Line, int ExitCode) Answer(Uri node, int status, string? reason, string body)
    {
        ArgumentNullException.ThrowIfNull(node);
        var (title, problem) = Problem(body);
        // The API's advice names its query parameter; a command's is its option.
        var detail = problem?.Replace("?force=true", "--force", StringComparison.Ordinal);
        return status switch
        {
            401 => ($"the node at {node.OriginalString} refused the admin token ({title ?? "401"}): give the node's --admin-token with --token TOKEN or ${CliCommands.TokenVariable}", CliExit.Token),
            403 => ($"the node at {node.OriginalString} refused: {title ?? "403 Forbidden"}{(detail is null ? "" : $": {detail}")}", CliExit.Token),
            _ when title is not null => ($"{title}{(detail is null ? "" : $": {detail}")}", CliExit.Refused),
            _ => ($"the node at {node.OriginalString} answered {status} {reason}".TrimEnd(), CliExit.Refused),
        };
    }

    private static (string? Title, string? Detail) Problem(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject problem
                ? (problem["title"]?.GetValue<string>(), problem["detail"]?.GetValue<string>())
                : (null, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (null, null);
        }
    }
}
