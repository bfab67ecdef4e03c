namespace PortKeeper.Grains;

/// <summary>The stored form of an import grain: one line per legacy entry taken over.</summary>
[GenerateSerializer, Alias("PortKeeper.ImportRecord")]
public sealed class ImportRecord
{
    /// <summary>Source file and entry of each legacy lease taken over.</summary>
    [Id(0)] public List<string> Entries { get; set; } = [];
}
