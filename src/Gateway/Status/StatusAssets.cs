namespace PortKeeper.Gateway.Status;

/// <summary>The status page's document, style sheet and script, embedded in the gateway's assembly.</summary>
public static class StatusAssets
{
    /// <summary>The signed-in page's document.</summary>
    public static string Page { get; } = System.Text.Encoding.UTF8.GetString(Read("status.html"));

    /// <summary>The style sheet of every status page.</summary>
    public static byte[] Style { get; } = Read("status.css");

    /// <summary>The signed-in page's script.</summary>
    public static byte[] Script { get; } = Read("status.js");

    private static byte[] Read(string name)
    {
        using var stream = typeof(StatusAssets).Assembly.GetManifestResourceStream($"PortKeeper.Status.{name}")
            ?? throw new InvalidOperationException($"the gateway was built without its status asset {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
