namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>What an operator reads in a node's log: hostile clients must leave no errors and no stack traces there.</summary>
public static class NodeLog
{
    /// <summary>The first <paramref name="most"/> errors, critical lines and stack traces of <paramref name="output"/>, each with the lines after it.</summary>
    public static IReadOnlyList<string> Errors(string output, int most = 10)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n');
        return [.. lines
            .Select((line, at) => (line, at))
            .Where(l => l.line.StartsWith("fail:", StringComparison.Ordinal) || l.line.StartsWith("crit:", StringComparison.Ordinal)
                || l.line.StartsWith("   at ", StringComparison.Ordinal) && !lines[l.at - 1].StartsWith("   at ", StringComparison.Ordinal))
            .Take(most)
            .Select(l => string.Join('\n', lines.Skip(Math.Max(0, l.at - 1)).Take(4)))];
    }

    /// <summary>Fails with the offending lines when <paramref name="output"/> holds an error, a critical line or a stack trace.</summary>
    public static void AssertNoStackTrace(string output)
    {
        var errors = Errors(output);
        Assert.True(errors.Count == 0, $"the node logged errors or stack traces:\n{string.Join("\n---\n", errors)}");
    }
}
