using System.Text.Json;
using PortKeeper.Integration.Tests.Processes;
using YamlDotNet.RepresentationModel;

namespace PortKeeper.Integration.Tests.Deploy;

/// <summary>The files under deploy/, read as their tools read them.</summary>
public static class DeployFiles
{
    /// <summary>The path of <paramref name="relative"/> under deploy/.</summary>
    public static string PathOf(string relative) => Path.Combine(NodeProcess.RepositoryRoot(), "deploy", relative);

    /// <summary>Every YAML document of a file, as a mapping.</summary>
    public static IReadOnlyList<YamlMappingNode> YamlDocuments(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(PathOf(relative));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    /// <summary>
    /// The node at <paramref name="path"/> (mapping keys) below <paramref name="node"/>, or null;
    /// a key missing from a mapping is looked up in what it merges (<c>&lt;&lt;: *anchor</c>), as compose does.
    /// </summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        var current = (YamlNode?)node;
        foreach (var key in path)
        {
            current = current is YamlMappingNode mapping ? Child(mapping, key) : null;
        }
        return current;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child
        : mapping.Children.TryGetValue(new YamlScalarNode("<<"), out var merged) && merged is YamlMappingNode parent ? Child(parent, key)
        : null;

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    /// <summary>The sequence at <paramref name="path"/>, empty when there is none.</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    /// <summary>The scalars of the sequence at <paramref name="path"/>.</summary>
    public static string[] Texts(this YamlNode node, params string[] path) =>
        [.. node.Items(path).Select(i => ((YamlScalarNode)i).Value!)];

    /// <summary>The value after <paramref name="option"/> in <paramref name="args"/>, or null.</summary>
    public static string? ValueOf(string[] args, string option) =>
        Array.IndexOf(args, option) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>The Dockerfile's HEALTHCHECK command, its exec form decoded.</summary>
    public static string[] HealthCheck()
    {
        var instruction = Instructions().Single(i => i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var json = instruction[(instruction.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];
        return JsonSerializer.Deserialize<string[]>(json)!;
    }

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments left out.</summary>
    public static IReadOnlyList<string> Instructions()
    {
        var instructions = new List<string>();
        var current = "";
        foreach (var line in File.ReadLines(PathOf("compose/Dockerfile")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            current += line.EndsWith('\\') ? line[..^1] : line;
            if (!line.EndsWith('\\'))
            {
                instructions.Add(current);
                current = "";
            }
        }
        return instructions;
    }
}
