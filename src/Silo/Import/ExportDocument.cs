using System.Text.Json;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Import;

/// <summary>
/// Everything a node keeps, per pool, as one JSON document (<c>docs/export-format.md</c>): what
/// <c>GET /export</c> answers, and what <c>POST /import</c> and <c>--import</c> take back.
/// </summary>
public sealed record ExportDocument(string Format, int Version, DateTimeOffset ExportedAt, IReadOnlyList<ExportPool> Pools)
{
    /// <summary>The value of <c>format</c> that names such a document.</summary>
    public const string FormatName = "portkeeper-export";

    /// <summary>The version this node writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>How the document is written and read: camelCase, as the admin API answers.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>A document of the current version, exported at <paramref name="at"/>.</summary>
    public static ExportDocument Of(DateTimeOffset at, IReadOnlyList<ExportPool> pools) => new(FormatName, CurrentVersion, at, pools);

    /// <summary>
    /// The document <paramref name="text"/> holds, read from <paramref name="source"/>: null when the
    /// text is no export document at all (not JSON, or a JSON object without <c>format</c>), so that
    /// other formats can be tried; else the document or one line saying why it cannot be read.
    /// </summary>
    public static Parsed<ExportDocument>? Recognize(string text, string source)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
        using (parsed)
        {
            if (parsed.RootElement.ValueKind != JsonValueKind.Object || !parsed.RootElement.TryGetProperty("format", out var format))
            {
                return null;
            }
            return Read(parsed.RootElement, format, source);
        }
    }

    /// <summary>The document <paramref name="text"/> holds, or one line saying why it is none.</summary>
    public static Parsed<ExportDocument> Parse(string text, string source) =>
        Recognize(text, source) ?? new Parsed<ExportDocument>.Error($"{source} is not a PortKeeper export: a JSON object with \"format\": \"{FormatName}\" and \"version\": {CurrentVersion}");

    private static Parsed<ExportDocument> Read(JsonElement root, JsonElement format, string source)
    {
        if (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            return new Parsed<ExportDocument>.Error($"{source}: format {format.GetRawText()} is not \"{FormatName}\"");
        }
        if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number != CurrentVersion)
        {
            return new Parsed<ExportDocument>.Error($"{source}: version {(root.TryGetProperty("version", out var v) ? v.GetRawText() : "(none)")} is not one this node reads ({CurrentVersion})");
        }
        ExportDocument? document;
        try
        {
            document = root.Deserialize<ExportDocument>(Json);
        }
        catch (JsonException e)
        {
            return new Parsed<ExportDocument>.Error($"{source}: not a PortKeeper export of version {CurrentVersion}: {e.Message}");
        }
        if (document?.Pools is null)
        {
            return new Parsed<ExportDocument>.Error($"{source}: no \"pools\" array");
        }
        return document.Pools.Any(p => p is null || string.IsNullOrEmpty(p.Name))
            ? new Parsed<ExportDocument>.Error($"{source}: a pool without a \"name\"")
            : new Parsed<ExportDocument>.Ok(Normalized(document));
    }

    // Missing lists read as empty ones.
    private static ExportDocument Normalized(ExportDocument document) => document with
    {
        Pools = [.. document.Pools.Select(p => p with
        {
            Leases = [.. (p.Leases ?? []).Where(l => l is not null)],
            Reservations = [.. (p.Reservations ?? []).Where(r => r is not null)],
            Limits = p.Limits is null ? ExportLimits.None : p.Limits with { Users = [.. (p.Limits.Users ?? []).Where(u => u is not null)] },
        })],
    };
}
