using System.Text.Json;
using PortKeeper.Contracts;

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
    public static (ExportDocument? Document, string? Problem)? Recognize(string text, string source)
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
    public static (ExportDocument? Document, string? Problem) Parse(string text, string source) =>
        Recognize(text, source) ?? (null, $"{source} is not a PortKeeper export: a JSON object with \"format\": \"{FormatName}\" and \"version\": {CurrentVersion}");

    private static (ExportDocument? Document, string? Problem) Read(JsonElement root, JsonElement format, string source)
    {
        if (format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
        {
            return (null, $"{source}: format {format.GetRawText()} is not \"{FormatName}\"");
        }
        if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number != CurrentVersion)
        {
            return (null, $"{source}: version {(root.TryGetProperty("version", out var v) ? v.GetRawText() : "(none)")} is not one this node reads ({CurrentVersion})");
        }
        ExportDocument? document;
        try
        {
            document = root.Deserialize<ExportDocument>(Json);
        }
        catch (JsonException e)
        {
            return (null, $"{source}: not a PortKeeper export of version {CurrentVersion}: {e.Message}");
        }
        if (document?.Pools is null)
        {
            return (null, $"{source}: no \"pools\" array");
        }
        return document.Pools.Any(p => p is null || string.IsNullOrEmpty(p.Name))
            ? (null, $"{source}: a pool without a \"name\"")
            : (Normalized(document), null);
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

/// <summary>
/// One pool of an export: its name and range (as the exporting node had them), its leases, its
/// reservations and blocked ports (a blocked port names no user or proxy) and its limits.
/// </summary>
public sealed record ExportPool(
    string Name, string Range, IReadOnlyList<ExportLease> Leases, IReadOnlyList<ReservationInfo>? Reservations = null, ExportLimits? Limits = null);

/// <summary>
/// A lease of an export: the port of a proxy (<paramref name="User"/> and <paramref name="Proxy"/>, the
/// proxy name as frpc sends it) or of a load-balancing group (<paramref name="Group"/>; user and proxy null).
/// </summary>
public sealed record ExportLease(
    string Protocol, int Port, string? User, string? Proxy, string? Group, DateTimeOffset GrantedAt, DateTimeOffset LastSeen, bool Online)
{
    /// <summary>The export of <paramref name="lease"/>, which <paramref name="holder"/> holds.</summary>
    public static ExportLease Of(LeaseKey holder, LeaseInfo lease)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(lease);
        return holder.IsGroup
            ? new(holder.Protocol.Name(), lease.Port, null, null, holder.Name, lease.GrantedAt, lease.LastSeen, lease.Online)
            : new(holder.Protocol.Name(), lease.Port, holder.User, holder.Name, null, lease.GrantedAt, lease.LastSeen, lease.Online);
    }

    /// <summary>Who holds the lease, or null when the lease names no protocol, or not exactly one of a proxy (with its user) and a group.</summary>
    public LeaseKey? Key() => (Protocols.Parse(Protocol), User, Proxy, Group) switch
    {
        ({ } p, { } user, { Length: > 0 } proxy, null) => LeaseKey.ForProxy(p, user, proxy),
        ({ } p, null, null, { Length: > 0 } group) => LeaseKey.ForGroup(p, group),
        _ => null,
    };
}

/// <summary>A pool's limits: the exporting node's <c>--max-ports-per-user</c> (for reading: a setting, not imported) and the users' own limits.</summary>
public sealed record ExportLimits(int MaxPortsPerUser, IReadOnlyList<OwnLimit> Users)
{
    /// <summary>No limit at all.</summary>
    public static readonly ExportLimits None = new(0, []);
}
