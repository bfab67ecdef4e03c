namespace PortKeeper.Silo.Import;

/// <summary>
/// What <c>--import</c> names: a PortKeeper export document (recognized by its <c>format</c>, whatever the
/// file's name), or data of an earlier port keeper (<see cref="LegacyImport.Read"/>). A closed set.
/// </summary>
public abstract record ImportFile
{
    private ImportFile() { }

    /// <summary>Data of an earlier keeper, into the default pool.</summary>
    public sealed record Legacy(LegacyPlan Plan) : ImportFile;

    /// <summary>An export document, into the pools of its names; <c>Path</c> is the file read.</summary>
    public sealed record Document(ExportDocument Export, string Path) : ImportFile;

    /// <summary>Why the data cannot be imported at all (start-up then stops); null when it can.</summary>
    public string? Unreadable => this switch
    {
        Legacy legacy => legacy.Plan.Unreadable,
        _ => null,
    };

    /// <summary>
    /// Reads <paramref name="path"/>: a file holding a JSON object with <c>format</c> is an export
    /// document (or unreadable, saying why: another format or version); anything else is read as a
    /// legacy keeper's data.
    /// </summary>
    public static ImportFile Read(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path) && ExportDocument.Recognize(File.ReadAllText(path), path) is { } recognized)
        {
            return recognized.TryGet(out var document, out var problem) ? new Document(document, path) : new Legacy(LegacyPlan.Failed(problem));
        }
        return new Legacy(LegacyImport.Read(path));
    }
}
