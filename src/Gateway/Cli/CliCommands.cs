using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Cli;

/// <summary>
/// The operator's commands (<c>portkeeper leases --user laptop</c>): the table of commands and the
/// pure parse of a command line into one admin API call, a help text or a usage error. A node is
/// started with options only, never a first word, so a first word is always a command.
/// </summary>
public static class CliCommands
{
    /// <summary>Environment variable of the node's address.</summary>
    public const string NodeVariable = "PORTKEEPER_NODE";

    /// <summary>Environment variable of the admin token.</summary>
    public const string TokenVariable = "PORTKEEPER_ADMIN_TOKEN";

    /// <summary>The node a command calls without <c>--node</c> or <see cref="NodeVariable"/>.</summary>
    public const string DefaultNode = PortKeeperCommandLine.DefaultUrls;

    private const string Program = "portkeeper";

    private static readonly Option<string> Node = new("--node") { Description = $"the node's address (else ${NodeVariable}, else {DefaultNode})", Recursive = true, HelpName = "URL" };
    private static readonly Option<string> Token = new("--token") { Description = $"the node's --admin-token (else ${TokenVariable})", Recursive = true, HelpName = "TOKEN" };
    private static readonly Option<string> Pool = new("--pool") { Description = "a pool of the node's --pool (else the default pool)", Recursive = true, HelpName = "NAME" };
    private static readonly Option<bool> Json = new("--json") { Description = "print the API's JSON instead of a table", Recursive = true };

    // Each command: its definition and how its parse becomes a request (or a usage error).
    private static readonly IReadOnlyList<(Command Command, string Arguments, Func<ParseResult, (CliRequest? Request, string? Problem)> Build)> Commands = Define();

    private static readonly Command Root = Rooted();

    /// <summary>Every command with its arguments and what it does, one line each, for help and the README.</summary>
    public static IReadOnlyList<(string Usage, string Meaning)> Table { get; } =
        [.. Commands.Select(c => ($"{c.Command.Name}{(c.Arguments.Length > 0 ? " " : "")}{c.Arguments}", c.Command.Description ?? ""))];

    /// <summary>
    /// Whether <paramref name="args"/> are a command (a first word that is no option) or ask for help,
    /// rather than a node's options.
    /// </summary>
    public static bool Handles(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && (!args[0].StartsWith('-') && !args[0].StartsWith('/')
            || args.Any(a => CommandLineHelp.HelpSwitches.Contains(a, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// What <paramref name="args"/> ask for, with the node's address and token from the options or from
    /// <paramref name="environment"/>; <paramref name="nodeHelp"/> is the node's own <c>--help</c> text,
    /// which the full help starts with.
    /// </summary>
    public static CliParse Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, string nodeHelp)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Count == 0 || args[0].StartsWith('-') || args is ["help"])
        {
            return new CliParse.Print(nodeHelp + Help(), CliExit.Ok);
        }
        if (args is ["help", var command, ..])
        {
            return Parse([command, "--help"], environment, nodeHelp);
        }
        if (Commands.All(c => c.Command.Name != args[0]))
        {
            return new CliParse.Print($"{Program}: unknown command '{args[0]}'; the commands are {string.Join(", ", Commands.Select(c => c.Command.Name))} ('{Program} help' says what each does)\n", CliExit.Usage);
        }
        var result = Root.Parse(args);
        var (name, build) = Commands.Where(c => c.Command.Name == args[0]).Select(c => (c.Command.Name, c.Build)).Single();
        var again = $"usage: {Program} {Table.Single(c => c.Usage.Split(' ')[0] == name).Usage}; '{Program} {name} --help' says more";
        if (result.Errors.Count > 0)
        {
            return new CliParse.Print($"{Program} {name}: {result.Errors[0].Message.TrimEnd('.')}\n{again}\n", CliExit.Usage);
        }
        if (result.Action is HelpAction help)
        {
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            result.InvocationConfiguration.Output = text;
            help.Invoke(result);
            return new CliParse.Print(text.ToString(), CliExit.Ok);
        }
        var (request, problem) = build(result);
        var node = result.GetValue(Node) ?? (environment.GetValueOrDefault(NodeVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultNode);
        if (!Uri.TryCreate(node, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            problem ??= $"--node must be a node's address such as {DefaultNode}, not '{node}'";
        }
        if (problem is not null)
        {
            return new CliParse.Print($"{Program} {name}: {problem}\n{again}\n", CliExit.Usage);
        }
        var token = result.GetValue(Token) ?? environment.GetValueOrDefault(TokenVariable);
        return new CliParse.Call(new CliTarget(address!, string.IsNullOrWhiteSpace(token) ? null : token.Trim(), result.GetValue(Json)), request!);
    }

    /// <summary>The commands part of the help: usage, every command, the common options and the exit codes.</summary>
    public static string Help()
    {
        // Longer usages put their meaning on a line of its own.
        const int width = 36;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"\ncommands, calling a node's admin API ({Program} <command> [arguments] [options]; '{Program} <command> --help' for its options):\n");
        foreach (var (usage, meaning) in Table)
        {
            text.Append("  ").Append(usage.Length < width ? usage.PadRight(width) : $"{usage}\n{new string(' ', width + 2)}").Append(meaning).Append('\n');
        }
        text.Append("options of every command:\n");
        foreach (var option in new Option[] { Node, Token, Pool, Json })
        {
            var usage = option.HelpName is { } value ? $"{option.Name} {value}" : option.Name;
            text.Append("  ").Append(usage.PadRight(width)).Append(option.Description).Append('\n');
        }
        return text.Append(CultureInfo.InvariantCulture,
            $"exit codes: {CliExit.Ok} done, {CliExit.Refused} the node refused or failed, {CliExit.Usage} bad command line or file, {CliExit.Unreachable} node unreachable, {CliExit.Token} admin token missing or refused\n").ToString();
    }

    private static Command Rooted()
    {
        var root = new Command(Program, "PortKeeper's operator commands") { Options = { new HelpOption(), Node, Token, Pool, Json } };
        foreach (var (command, _, _) in Commands)
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static List<(Command, string, Func<ParseResult, (CliRequest?, string?)>)> Define()
    {
        var list = new List<(Command, string, Func<ParseResult, (CliRequest?, string?)>)>();
        void Add(Command command, string arguments, Func<ParseResult, (CliRequest?, string?)> build) => list.Add((command, arguments, build));
        (CliRequest?, string?) Ok(CliRequest request) => (request, null);

        Add(new Command("pools", "every pool: its range and how many ports are taken"), "",
            r => OnePool(r, "pools") ?? Ok(new(HttpMethod.Get, "/pools", CliView.Pools)));

        var user = new Option<string>("--user") { Description = "only this user's leases", HelpName = "USER" };
        var protocol = new Option<string>("--protocol") { Description = "only tcp or only udp", HelpName = "tcp|udp" };
        protocol.AcceptOnlyFromAmong([.. Protocols.Names]);
        var online = new Option<bool>("--online") { Description = "only connected proxies" };
        var offline = new Option<bool>("--offline") { Description = "only proxies offline" };
        var from = new Option<int?>("--from") { Description = "only ports from this one", HelpName = "PORT" };
        var to = new Option<int?>("--to") { Description = "only ports up to this one", HelpName = "PORT" };
        var search = new Option<string>("--search", "-q") { Description = "only leases whose user, proxy or group name holds this (any case)", HelpName = "TEXT" };
        var limit = new Option<int?>("--limit") { Description = "leases per page (1-1000, default 100)", HelpName = "N" };
        var after = new Option<string>("--after") { Description = "the page after this cursor (the 'next' of the page before)", HelpName = "CURSOR" };
        var all = new Option<bool>("--all") { Description = "every page, not the first one only" };
        Add(new Command("leases", "the pool's leases in port order, filtered") { Options = { user, protocol, online, offline, from, to, search, limit, after, all } },
            "[--user U] [--protocol tcp|udp] [--online|--offline] [--from P --to P] [--search Q] [--all]",
            r => r.GetValue(online) && r.GetValue(offline) ? (null, "give --online or --offline, not both")
                : r.GetValue(all) && r.GetValue(after) is not null ? (null, "give --all or --after, not both")
                : Ok(new(HttpMethod.Get, "/leases" + Query(r, ("user", r.GetValue(user)), ("protocol", r.GetValue(protocol)),
                    ("online", r.GetValue(online) ? "true" : r.GetValue(offline) ? "false" : null), ("from", Text(r.GetValue(from))), ("to", Text(r.GetValue(to))),
                    ("q", r.GetValue(search)), ("limit", Text(r.GetValue(limit))), ("after", r.GetValue(after))), CliView.Leases, AllPages: r.GetValue(all))));

        var userName = UserArgument();
        Add(new Command("user", "a user, its limits and the leases of its own proxies") { Arguments = { userName } }, "USER",
            r => Ok(new(HttpMethod.Get, $"/users/{Escape(r.GetValue(userName))}{Query(r)}", CliView.User)));

        var (portProtocol, port) = (ProtocolArgument(), PortArgument());
        Add(new Command("port", "who holds a port") { Arguments = { portProtocol, port } }, "tcp|udp PORT",
            r => Ok(new(HttpMethod.Get, $"/ports/{r.GetValue(portProtocol)}/{Text(r.GetValue(port))}{Query(r)}", CliView.Lease)));

        var (leaseProtocol, leaseUser, leaseProxy) = (ProtocolArgument(), UserArgument(), ProxyArgument());
        Add(new Command("lease", "one proxy's lease") { Arguments = { leaseProtocol, leaseUser, leaseProxy } }, "tcp|udp USER PROXY",
            r => Ok(new(HttpMethod.Get, "/lease" + Query(r, ("protocol", r.GetValue(leaseProtocol)), ("user", r.GetValue(leaseUser)), ("proxy", r.GetValue(leaseProxy))), CliView.Lease)));

        var (releaseProtocol, releaseUser, releaseProxy, force) = (ProtocolArgument(), UserArgument(), ProxyArgument(), ForceOption());
        Add(new Command("release", "frees one proxy's port (refused while it is connected, unless --force)") { Arguments = { releaseProtocol, releaseUser, releaseProxy }, Options = { force } },
            "tcp|udp USER PROXY [--force]",
            r => Ok(new(HttpMethod.Delete, "/lease" + Query(r, ("protocol", r.GetValue(releaseProtocol)), ("user", r.GetValue(releaseUser)), ("proxy", r.GetValue(releaseProxy)),
                ("force", r.GetValue(force) ? "true" : null)), CliView.Released)));

        var (groupProtocol, groupName, groupForce) = (ProtocolArgument(), GroupArgument(), ForceOption());
        Add(new Command("release-group", "frees a load-balancing group's port (refused while a member is connected, unless --force)") { Arguments = { groupProtocol, groupName }, Options = { groupForce } },
            "tcp|udp GROUP [--force]",
            r => Ok(new(HttpMethod.Delete, "/lease" + Query(r, ("protocol", r.GetValue(groupProtocol)), ("group", r.GetValue(groupName)), ("force", r.GetValue(groupForce) ? "true" : null)), CliView.Released)));

        var (leaving, userForce) = (UserArgument(), ForceOption());
        Add(new Command("release-user", "frees every port of a user's own proxies, all or nothing (a customer leaving)") { Arguments = { leaving }, Options = { userForce } }, "USER [--force]",
            r => Ok(new(HttpMethod.Delete, $"/users/{Escape(r.GetValue(leaving))}{Query(r, ("force", r.GetValue(userForce) ? "true" : null))}", CliView.Released)));

        var (shownProtocol, shownGroup) = (ProtocolArgument(), GroupArgument());
        Add(new Command("group", "a load-balancing group's port and its members") { Arguments = { shownProtocol, shownGroup } }, "tcp|udp GROUP",
            r => Ok(new(HttpMethod.Get, $"/groups/{r.GetValue(shownProtocol)}/{Escape(r.GetValue(shownGroup))}{Query(r)}", CliView.Group)));

        Add(new Command("limits", "the pool's default limit and every user with a limit of its own"), "",
            r => Ok(new(HttpMethod.Get, "/limits" + Query(r), CliView.Limits)));

        var limited = UserArgument();
        var maxPorts = new Option<int?>("--max-ports") { Description = "most ports of the user's own proxies (0: no limit)", HelpName = "N" };
        var ports = new Option<string>("--ports") { Description = "the ports its proxies get, within the pool's (frps syntax)", HelpName = "PORTS" };
        var clear = new Option<bool>("--clear") { Description = "back to --max-ports-per-user and the whole pool" };
        Add(new Command("limit", "sets a user's own limit (proxies that hold a port keep it)") { Arguments = { limited }, Options = { maxPorts, ports, clear } },
            "USER [--max-ports N] [--ports P] | --clear",
            r => (r.GetValue(clear), r.GetValue(maxPorts), r.GetValue(ports)) switch
            {
                (true, null, null) => Ok(new(HttpMethod.Delete, $"/users/{Escape(r.GetValue(limited))}/limit{Query(r)}", CliView.User)),
                (true, _, _) => (null, "give --clear alone, or --max-ports and --ports"),
                (false, null, null) => (null, "give --max-ports N, --ports P (or both), or --clear"),
                (false, var max, var within) => Ok(new(HttpMethod.Put, $"/users/{Escape(r.GetValue(limited))}/limit{Query(r)}", CliView.User,
                    Body: new JsonObject { ["maxPorts"] = max, ["ports"] = within }.ToJsonString())),
            });

        Add(new Command("reservations", "every reserved and blocked port of the pool"), "",
            r => Ok(new(HttpMethod.Get, "/reservations" + Query(r), CliView.Reservations)));

        var (reserveProtocol, reservePort, reserveUser, reserveProxy, block) = (ProtocolArgument(), PortArgument(), UserArgument(), ProxyArgument(), new Option<bool>("--block") { Description = "keep the port from every proxy" });
        (reserveUser.Arity, reserveProxy.Arity) = (ArgumentArity.ZeroOrOne, ArgumentArity.ZeroOrOne);
        Add(new Command("reserve", "keeps a port for a proxy before it first connects (its first NewProxy gets it), or blocks it")
            { Arguments = { reserveProtocol, reservePort, reserveUser, reserveProxy }, Options = { block } },
            "tcp|udp PORT USER PROXY | --block",
            r => (r.GetValue(block), r.GetValue(reserveUser), r.GetValue(reserveProxy)) switch
            {
                (true, null, null) => Ok(new(HttpMethod.Put, $"/reservations/{r.GetValue(reserveProtocol)}/{Text(r.GetValue(reservePort))}{Query(r)}", CliView.Reserved,
                    Body: new JsonObject { ["block"] = true }.ToJsonString())),
                (false, { } owner, { } proxy) => Ok(new(HttpMethod.Put, $"/reservations/{r.GetValue(reserveProtocol)}/{Text(r.GetValue(reservePort))}{Query(r)}", CliView.Reserved,
                    Body: new JsonObject { ["user"] = owner, ["proxy"] = proxy }.ToJsonString())),
                _ => (null, "name the proxy (USER PROXY), or give --block alone"),
            });

        var (unreserveProtocol, unreservePort) = (ProtocolArgument(), PortArgument());
        Add(new Command("unreserve", "removes a port's reservation or block") { Arguments = { unreserveProtocol, unreservePort } }, "tcp|udp PORT",
            r => Ok(new(HttpMethod.Delete, $"/reservations/{r.GetValue(unreserveProtocol)}/{Text(r.GetValue(unreservePort))}{Query(r)}", CliView.Unreserved)));

        Add(new Command("repair", "compares the pool's claims with what its users and groups hold and settles what disagrees"), "",
            r => Ok(new(HttpMethod.Post, "/pool/repair" + Query(r), CliView.Repair)));

        var output = new Option<string>("--output", "-o") { Description = "write the document to this file (else to standard output)", HelpName = "FILE" };
        Add(new Command("export", "every pool's leases, reservations and limits as one JSON document (a backup)") { Options = { output } }, "[-o FILE]",
            r => OnePool(r, "export") ?? Ok(new(HttpMethod.Get, "/export", CliView.Export, OutputFile: r.GetValue(output))));

        var file = new Argument<string>("file") { Description = "an export document (of portkeeper export)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "report what the import would do, and change nothing" };
        Add(new Command("import", "takes an export document back into the pools of the same names; a holder keeps its port") { Arguments = { file }, Options = { dryRun } },
            "FILE [--dry-run]",
            r => OnePool(r, "import") ?? Ok(new(HttpMethod.Post, $"/import?dryRun={(r.GetValue(dryRun) ? "true" : "false")}", CliView.Import, BodyFile: r.GetValue(file))));
        return list;
    }

    // Commands about every pool take no --pool.
    private static (CliRequest?, string?)? OnePool(ParseResult result, string command) =>
        result.GetValue(Pool) is { } pool ? (null, $"'{command}' is about every pool; --pool {pool} does not apply") : null;

    private static Argument<string> ProtocolArgument()
    {
        var argument = new Argument<string>("protocol") { Description = "tcp or udp" };
        argument.AcceptOnlyFromAmong([.. Protocols.Names]);
        return argument;
    }

    private static Argument<int> PortArgument()
    {
        var argument = new Argument<int>("port") { Description = "the port" };
        argument.Validators.Add(p =>
        {
            if (!PortRange.IsPort(p.GetValueOrDefault<int>()))
            {
                p.AddError("port must be from 1 to 65535");
            }
        });
        return argument;
    }

    private static Argument<string> UserArgument() => new("user") { Description = "the frp user (frpc's user)" };

    private static Argument<string> ProxyArgument() => new("proxy") { Description = "the proxy name as frps has it: <user>.<name>" };

    private static Argument<string> GroupArgument() => new("group") { Description = "the load-balancing group" };

    private static Option<bool> ForceOption() => new("--force") { Description = "even while connected: frps keeps serving it until it disconnects" };

    private static string? Text(int? number) => number?.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string? segment) => Uri.EscapeDataString(segment ?? "");

    // The query string of the given parameters that have a value, and of --pool.
    private static string Query(ParseResult result, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Append(("pool", result.GetValue(Pool))).Where(p => p.Item2 is not null).ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }
}
