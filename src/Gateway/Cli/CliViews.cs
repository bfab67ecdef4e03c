using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PortKeeper.Gateway.Cli;

/// <summary>The node's answers as a person reads them: tables and short lines, as pure functions of the answer's JSON.</summary>
public static class CliViews
{
    private static readonly string[] LeaseColumns = ["PROTOCOL", "PORT", "USER", "PROXY", "GROUP", "ONLINE", "LAST SEEN", "GRANTED"];

    /// <summary>The text of <paramref name="answer"/> in <paramref name="view"/>; each line ends with a newline.</summary>
    public static string Render(CliView view, JsonNode answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return view switch
        {
            CliView.Pools => Table(["POOL", "RANGE", "PORTS", "TCP", "UDP", "PENDING", "OUTSIDE", "SILO"], answer.AsArray().Select(p => new[]
            {
                S(p, "pool"), S(p, "range"), S(p, "rangeSize"), S(p, "tcpTaken"), S(p, "udpTaken"), S(p, "pending"), S(p, "takenOutsideRange"), S(p, "silo"),
            })),
            CliView.Leases => Leases(answer["items"]!.AsArray()) + Count(answer["items"]!.AsArray().Count, "lease") + "\n"
                + (answer["next"] is { } next ? $"more leases: add --after {next.GetValue<string>()}, or --all for every page\n" : ""),
            CliView.User => User(answer),
            CliView.Lease => Leases([answer]),
            CliView.Released => answer["leases"] is JsonArray leases
                ? $"released {Count(leases.Count, "port")} of user {S(answer, "user")}{In(answer)}\n" + Leases(leases)
                : $"released {S(answer, "protocol")} port {S(answer, "port")} of {Holder(answer)}\n",
            CliView.Group => Group(answer),
            CliView.Limits => Limits(answer),
            CliView.Reservations => Table(["PROTOCOL", "PORT", "USER", "PROXY", "SINCE"], answer.AsArray().Select(r => new[]
            {
                S(r, "protocol"), S(r, "port"), r!["proxy"] is null ? "(blocked)" : S(r, "user"), r["proxy"] is null ? "-" : S(r, "proxy"), Time(r["since"]),
            })),
            CliView.Reserved => $"{(answer["proxy"] is null ? "blocked" : "reserved")} {S(answer, "protocol")} port {S(answer, "port")}{(answer["proxy"] is null ? "" : $" for proxy {S(answer, "proxy")} of user {S(answer, "user")}")}\n",
            CliView.Unreserved => $"{S(answer, "protocol")} port {S(answer, "port")} is {(answer["proxy"] is null ? "no longer blocked" : $"no longer reserved for proxy {S(answer, "proxy")} of user {S(answer, "user")}")}\n",
            CliView.Repair => Repair(answer),
            CliView.Export => answer.ToJsonString() + "\n",
            CliView.Import => Import(answer),
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, "no such view"),
        };
    }

    /// <summary>What <c>export -o FILE</c> prints once the document is written.</summary>
    public static string Exported(JsonNode document, string file)
    {
        ArgumentNullException.ThrowIfNull(document);
        var pools = document["pools"]!.AsArray();
        return $"exported {Count(pools.Sum(p => p!["leases"]!.AsArray().Count), "lease")} of {Count(pools.Count, "pool")} to {file}\n";
    }

    /// <summary>Columns padded to their widest cell, two spaces apart, a header first; "(none)" when there are no rows.</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        var all = rows.ToList();
        if (all.Count == 0)
        {
            return "(none)\n";
        }
        var widths = header.Select((h, i) => all.Select(r => r[i].Length).Append(h.Length).Max()).ToList();
        var text = new StringBuilder();
        foreach (var row in all.Prepend(header))
        {
            text.Append(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        }
        return text.ToString();
    }

    private static string Leases(IEnumerable<JsonNode?> leases) => Table(LeaseColumns, leases.Select(l =>
    {
        var group = GroupOf(l!);
        return new[]
        {
            S(l, "protocol"), S(l, "port"), group is null ? Dash(S(l, "user")) : "-", group is null ? S(l, "lastProxyName") : "-", group ?? "-",
            l!["online"]?.GetValue<bool>() == true ? "yes" : "no", Time(l["lastSeen"]), Time(l["grantedAt"]),
        };
    }));

    private static string User(JsonNode user)
    {
        var leases = user["leases"]!.AsArray();
        var text = new StringBuilder($"user {S(user, "user")}{In(user)}: {Count(leases.Count, "lease")}\n");
        if (user["limits"] is JsonObject limits)
        {
            var max = limits["maxPorts"]!.GetValue<int>();
            text.Append(CultureInfo.InvariantCulture, $"limit{(limits["own"] is JsonObject ? " (its own)" : " (the default)")}: {(max == 0 ? "no count" : $"at most {max} ports")}, ")
                .Append(limits["ports"] is { } ports ? $"ports {ports.GetValue<string>()}" : "any port of the pool")
                .Append(CultureInfo.InvariantCulture, $"; holds {S(limits, "held")}\n");
        }
        return text.Append(leases.Count > 0 ? Leases(leases) : "").ToString();
    }

    private static string Group(JsonNode group)
    {
        var lease = group["lease"]!;
        return $"{S(lease, "protocol")} group {GroupOf(lease)}{In(group)}: port {S(lease, "port")}, {(lease["online"]?.GetValue<bool>() == true ? "online" : "offline")}, last seen {Time(lease["lastSeen"])}\n"
            + Table(["USER", "PROXY", "ONLINE", "LAST SEEN"], group["members"]!.AsArray().Select(m => new[]
            {
                S(m, "user"), S(m, "proxyName"), m!["online"]?.GetValue<bool>() == true ? "yes" : "no", Time(m["lastSeen"]),
            }));
    }

    private static string Limits(JsonNode limits)
    {
        var max = limits["maxPortsPerUser"]!.GetValue<int>();
        return $"pool {S(limits, "pool")}: every user {(max == 0 ? "without a count limit" : $"at most {max} ports")} (--max-ports-per-user), unless it has a limit of its own\n"
            + Table(["USER", "MAX PORTS", "PORTS"], limits["users"]!.AsArray().Select(u => new[]
            {
                S(u, "user"), u!["limit"]?["maxPorts"] is { } own ? own.ToJsonString() : "(default)", u["limit"]?["ports"]?.GetValue<string>() ?? "(any)",
            }));
    }

    private static string Repair(JsonNode report) =>
        $"pool {S(report, "pool")}: compared {S(report, "claims")} claims with {S(report, "held")} held ports; freed {S(report, "freed")}, claimed {S(report, "claimed")}, moved {S(report, "moved")}\n"
        + string.Concat(report["findings"]!.AsArray().Select(f => $"  {f!.GetValue<string>()}\n"));

    private static string Import(JsonNode report)
    {
        var pools = report["pools"]!.AsArray();
        var text = new StringBuilder(report["dryRun"]?.GetValue<bool>() == true ? "dry run, nothing changed: an import would do this\n" : "imported\n")
            .Append(Table(["POOL", "IMPORTED", "UNCHANGED", "EARLIER", "LIMITS NEW/SAME", "RESERVATIONS NEW/SAME", "CONFLICTS"], pools.Select(p => new[]
            {
                S(p, "pool"), S(p, "imported"), S(p, "unchanged"), S(p, "earlier"), $"{S(p, "limitsImported")}/{S(p, "limitsUnchanged")}", $"{S(p, "reservationsImported")}/{S(p, "reservationsUnchanged")}", p!["conflicts"]!.AsArray().Count.ToString(CultureInfo.InvariantCulture),
            })));
        foreach (var pool in pools)
        {
            foreach (var conflict in pool!["conflicts"]!.AsArray())
            {
                var what = string.Join(' ', new[] { S(conflict, "protocol"), S(conflict, "port"), conflict!["proxy"] is { } proxy ? $"proxy {proxy.GetValue<string>()}" : conflict["group"] is { } group ? $"group {group.GetValue<string>()}" : $"user {S(conflict, "user")}" }.Where(s => s.Length > 0));
                text.Append(CultureInfo.InvariantCulture, $"conflict in pool {S(pool, "pool")}: {what}: {S(conflict, "reason")}\n");
            }
        }
        return text.ToString();
    }

    // A lease's group name (its key is <protocol>/group/<name>); null for a proxy's lease.
    private static string? GroupOf(JsonNode lease) =>
        S(lease, "key") is var key && $"{S(lease, "protocol")}/group/" is var prefix && key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;

    private static string Holder(JsonNode lease) =>
        GroupOf(lease) is { } group ? $"group {group}" : $"proxy {S(lease, "lastProxyName")} of user {S(lease, "user")}";

    private static string In(JsonNode answer) => answer["pool"] is { } pool && pool.GetValue<string>() != "default" ? $" in pool {pool.GetValue<string>()}" : "";

    private static string Count(int count, string noun) => $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";

    private static string Dash(string text) => text.Length == 0 ? "-" : text;

    // A property's value as text: strings as they are, numbers and booleans in JSON; empty when missing or null.
    private static string S(JsonNode? node, string property) => node?[property] switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    private static string Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "-";
}
