using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Tests;
using J = PortKeeper.Integration.Tests.Hostile.Json;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>
/// A seeded generator of plugin requests: valid requests of a fixed set of proxies, mixed with
/// requests damaged in one known way each, so that every case knows what its answer must be.
/// The same seed and count give the same cases.
/// </summary>
public static class HostileCases
{
    /// <summary>The node's allow ports; the fixed set asks for ports inside and outside them.</summary>
    public const string AllowPorts = "20000-20999";

    public const string PluginPath = "/port-registrations";

    /// <summary>The fixed set of proxies: odd names on purpose, each with the answer it must always get.</summary>
    public static readonly IReadOnlyList<KnownProxy> Known =
    [
        new("alice", "alice.ssh", "tcp", KnownOutcome.Port),
        new("alice", "alice.dns", "udp", KnownOutcome.Port),
        new("bob", "bob.web", "tcp", KnownOutcome.Port, RemotePort: 20100),
        new("bob", "bob.game", "udp", KnownOutcome.Port, RemotePort: 20100),
        new("ünïcødé", "ünïcødé.サーバー", "tcp", KnownOutcome.Port),
        new("😀", "😀.🚀", "udp", KnownOutcome.Port),
        new("a/b", "a/b.x%2F..%00", "tcp", KnownOutcome.Port),
        new("dot.ted", "dot.ted.name", "tcp", KnownOutcome.Port),
        new("q\"'\\ u", "q\"'\\ u.p p", "tcp", KnownOutcome.Port),
        new("عربي", "عربي.e\u0301\u202e\u200b\ufeff\uffff", "tcp", KnownOutcome.Port),
        new(new string('λ', 400), new string('λ', 400), "tcp", KnownOutcome.Port),
        new("carol", "carol.lb", "tcp", KnownOutcome.Port, Group: "lbgroup"),
        new("dave", "dave.lb", "tcp", KnownOutcome.Port, Group: "lbgroup"),
        new("erin", "erin.far", "tcp", KnownOutcome.OutsideRange, RemotePort: 40000),
        new("", "nouser.ssh", "tcp", KnownOutcome.NoUser),
        new("alice", "alice.site", "http", KnownOutcome.Unchanged),
    ];

    /// <summary>Users only damaged requests name: none of them may hold anything after a run.</summary>
    public static readonly IReadOnlyList<string> FuzzUsers = ["mallory", "eve", "mällöry", "m/x", "trudy.t", "ｚｚ", " "];

    private static readonly string[] OtherOps = ["Login", "Ping", "NewWorkConn", "NewUserConn"];

    /// <summary>Kinds and their weights (per 1000).</summary>
    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("valid-newproxy", 300),
        ("valid-other", 80),
        ("truncated", 55),
        ("malformed", 75),
        ("invalid-utf8", 30),
        ("not-object", 15),
        ("wrong-type", 80),
        ("bad-number", 40),
        ("deep-nesting", 30),
        ("duplicate-key", 40),
        ("long-name", 30),
        ("bad-characters", 40),
        ("missing-content", 15),
        ("wrong-op", 50),
        ("oversized", 20),
        ("empty", 10),
        ("form-body", 10),
        ("unknown-pool", 15),
        ("wrong-method", 15),
        ("http-framing", 50),
    ];

    /// <summary>The <paramref name="count"/> cases of <paramref name="seed"/> for a node with a body limit of <paramref name="maxBodyBytes"/>.</summary>
    public static IReadOnlyList<HostileCase> Generate(int seed, int count, int maxBodyBytes)
    {
        var random = new Random(seed);
        var total = Kinds.Sum(k => k.Weight);
        var cases = new List<HostileCase>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            var kind = Kinds.First(k => (pick -= k.Weight) < 0).Kind;
            cases.Add(Case(new Generator(random, i, maxBodyBytes), kind));
        }
        return cases;
    }

    /// <summary>The plain NewProxy frps sends for <paramref name="proxy"/>, as the run's first request of it.</summary>
    public static byte[] Plain(KnownProxy proxy) => Encoding.UTF8.GetBytes(J.Write(Generator.Envelope("NewProxy", Generator.Content(null, proxy))));

    private static HostileCase Case(Generator g, string kind) => kind switch
    {
        "valid-newproxy" => g.ValidNewProxy(),
        "valid-other" => g.ValidOther(),
        "http-framing" => g.Framing(),
        "unknown-pool" => g.UnknownPool(),
        "wrong-method" => g.WrongMethod(),
        "wrong-op" => g.WrongOp(),
        _ => g.Damaged(kind),
    };

    private sealed class Generator(Random r, int index, int maxBodyBytes)
    {
        public HostileCase ValidNewProxy()
        {
            var proxy = Known[r.Next(Known.Count)];
            var body = Envelope("NewProxy", Content(r, proxy), r);
            var (target, withoutOp) = ValidQuery("NewProxy");
            if (withoutOp)
            {
                body = body.Without("op");
            }
            var text = Encoding.UTF8.GetBytes(J.Write(body, r));
            var content = (JsonObject)JsonNode.Parse(text)!["content"]!.DeepClone();
            return Http("valid-newproxy", new Expect.Known(proxy, content), target, text, ValidHeaders());
        }

        public HostileCase ValidOther()
        {
            if (r.Next(3) == 0)
            {
                // A NewProxy of a type that takes no port, by a user of the damaged requests.
                var user = Pick(FuzzUsers);
                var content = Content(r, new KnownProxy(user, $"{user}.{Name(40)}", Pick(ProxyTypes.Portless), KnownOutcome.Unchanged));
                return Http("valid-other", new Expect.Unchanged(), $"{PluginPath}?version=0.1.0&op=NewProxy",
                    Write(Envelope("NewProxy", content)), ValidHeaders());
            }
            var op = Pick(OtherOps);
            return Http("valid-other", new Expect.Unchanged(), $"{PluginPath}?version=0.1.0&op={op}",
                Write(Envelope(op, OtherContent(op, Pick(Known)))), ValidHeaders());
        }

        public HostileCase UnknownPool()
        {
            string[] pools = ["nope", "default", "EU", "%2E%2E", new string('p', 300), "ünï", "a%2Fb", "-"];
            return Http("unknown-pool", new Expect.NoPool(), $"{PluginPath}/{Pick(pools)}?version=0.1.0&op=NewProxy",
                Write(Envelope("NewProxy", Content(r, Pick(Known)))), ValidHeaders());
        }

        public HostileCase WrongMethod()
        {
            string[] methods = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
            var method = Pick(methods);
            var body = method is "GET" or "HEAD" or "OPTIONS" ? [] : Write(Envelope("NewProxy", Content(r, Pick(Known))));
            return Http("wrong-method", new Expect.WrongMethod(), $"{PluginPath}?op=NewProxy", body, ValidHeaders()) with { Method = method };
        }

        public HostileCase WrongOp()
        {
            var (body, op) = Base();
            string[] unknown = ["newproxy", "NEWPROXY", " NewProxy", "NewProxy ", "NewProxy\u0000", "New Proxy", "Frobnicate", "1", "NewProxy,Ping", "ping", "Ｎｅｗ"];
            var choice = r.Next(7);
            var other = Pick(OtherOps.Append("NewProxy").Append("CloseProxy").Where(o => o != op).ToArray());
            var (damaged, query, expect) = choice switch
            {
                0 => (body.With("op", new J.Str(Pick(unknown))), $"?op={op}", (Expect)new Expect.Invalid()),
                1 => (body.Without("op"), $"?op={Uri.EscapeDataString(Pick(unknown))}", new Expect.Invalid()),
                2 => (body, $"?op={other}", new Expect.Invalid()),
                3 => (body.Without("op"), r.Next(2) == 0 ? "" : "?version=0.1.0&op=", new Expect.Invalid()),
                4 => (body.Without("op"), $"?op={op}&op={op}", new Expect.Invalid()),
                5 => (body.With("op", new J.Str("")), "", new Expect.Invalid()),
                // A NewProxy smuggled as another op is passed as that op: never a port.
                _ => (body.With("op", new J.Str(Pick(OtherOps))).Without("version"), "", new Expect.Unchanged()),
            };
            return Http("wrong-op", expect, PluginPath + query, Write(damaged, r), ValidHeaders());
        }

        public HostileCase Damaged(string kind)
        {
            var (body, op) = Base(kind switch
            {
                "bad-number" => 1,
                "long-name" or "bad-characters" => 2,
                _ => 3,
            });
            var bytes = kind switch
            {
                "truncated" => Truncated(body),
                "malformed" => Malformed(body),
                "invalid-utf8" => InvalidUtf8(body, op),
                "not-object" => NotObject(body),
                "wrong-type" => Write(WrongType(body, op), r),
                "bad-number" => Write(SetContent(body, "remote_port", new J.Raw(Pick(BadNumbers))), r),
                "deep-nesting" => Write(SetContent(body, "metas", Deep(r.Next(63, 3000), r.Next(4) == 0)), r),
                "duplicate-key" => Write(Duplicated(body), r),
                "long-name" => Write(LongName(body), r),
                "bad-characters" => Write(BadCharacters(body), r),
                "missing-content" => Write(r.Next(2) == 0 ? body.Without("content") : Rename(body, "content", Pick(["Content", "contents", "content ", "cöntent"])), r),
                "oversized" => Write(SetContent(body, "pad", new J.Str(new string('x', maxBodyBytes + r.Next(1, 100_000)))), r),
                "empty" => [],
                "form-body" => Encoding.UTF8.GetBytes($"op={op}&content={Uri.EscapeDataString(J.Write(body))}"),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such kind"),
            };
            var headers = kind == "form-body"
                ? [new("Content-Type", "application/x-www-form-urlencoded")]
                : ValidHeaders();
            var hostileHeaders = r.Next(10) == 0;
            return Http(kind, hostileHeaders ? new Expect.HttpFault() : new Expect.Invalid(), $"{PluginPath}?version=0.1.0&op={op}", bytes,
                hostileHeaders ? HostileHeaders() : headers) with { Chunked = kind == "oversized" ? r.Next(2) == 0 : r.Next(5) == 0 };
        }

        private static readonly string[] BadNumbers =
        [
            "-1", "-20100", "65536", "99999", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616",
            "1e20", "1e400", "-1e400", "20100.5", "2.01e4", "1E5", "0.1", "123456789012345678901234567890", "20100.0",
        ];

        // A valid request to damage: a NewProxy of a known proxy or of a damaged requests' user, a CloseProxy, another op;
        // kinds 1 (NewProxy only), 2 (NewProxy or CloseProxy) or 3 (any).
        private (J.Obj Body, string Op) Base(int kinds = 3)
        {
            switch (r.Next(kinds switch { 1 => 4, 2 => 5, _ => 6 }))
            {
                case 0 or 1 or 2:
                    return (Envelope("NewProxy", Content(r, Pick(Known))), "NewProxy");
                case 3:
                    var user = Pick(FuzzUsers);
                    return (Envelope("NewProxy", Content(r, new KnownProxy(user, $"{user}.{Name(60)}", Pick(["tcp", "udp"]), KnownOutcome.Port))), "NewProxy");
                case 4:
                    var known = Pick(Known);
                    return (Envelope("CloseProxy", J.Obj.Of(("user", User(r, known.User)), ("proxy_name", new J.Str(known.Name)))), "CloseProxy");
                default:
                    var op = Pick(OtherOps);
                    return (Envelope(op, OtherContent(op, Pick(Known))), op);
            }
        }

        private byte[] Truncated(J.Obj body)
        {
            var bytes = Write(body, r);
            return bytes[..r.Next(1, bytes.Length)];
        }

        private byte[] Malformed(J.Obj body)
        {
            string[] literals = ["NaN", "Infinity", "-Infinity", "undefined", "'0.1.0'", "0x10", "+1", "01", ".5", "1.", "True", "NULL", "\"0.1\u0001.0\"", "\"a\tb\"", "\"line\nbreak\"", "\"\\x41\"", "\"\\u12\"", "\"\\ud83d\\u\"", "\"unterminated"];
            var text = J.Write(body, r);
            var damaged = r.Next(9) switch
            {
                0 => text + Pick(["x", "}", ",{}", "\u0000", "[", " true", "{}", "\""]),
                1 => text[..text.LastIndexOf('}')] + ",}",
                2 => "{/* frps */" + text[1..],
                3 => J.Write(body.With("version", new J.Raw(Pick(literals))), r),
                4 => ReplaceFirst(text, "\"", "'"),
                5 => ReplaceFirst(ReplaceFirst(text, "\"", ""), "\"", ""),
                6 => ReplaceFirst(text, ":", r.Next(2) == 0 ? "" : "="),
                7 => ReplaceFirst(text, ",", r.Next(2) == 0 ? "" : ";"),
                _ => null,
            };
            return damaged is not null ? Encoding.UTF8.GetBytes(damaged)
                : r.Next(3) == 0 ? Encoding.Unicode.GetBytes(text)
                : Garbage();
        }

        private byte[] Garbage()
        {
            var bytes = new byte[r.Next(1, 300)];
            r.NextBytes(bytes);
            if (r.Next(2) == 0)
            {
                // Printable garbage that looks more like JSON.
                const string Alphabet = "{}[]\":,0123456789.eE+-truefalsnl \\u";
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)Alphabet[bytes[i] % Alphabet.Length];
                }
            }
            return bytes;
        }

        private byte[] InvalidUtf8(J.Obj body, string op)
        {
            byte[][] sequences = [[0xff], [0xfe, 0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]];
            const string Marker = "\u0001MARK\u0001";
            var field = op == "NewProxy" ? Pick(["proxy_name", "proxy_type", "metas", "group", "bandwidth_limit"]) : "version";
            var marked = field == "version" ? body.With("version", new J.Str("0.1" + Marker)) : SetContent(body, field, new J.Str("x" + Marker));
            // The marker is written as escapes; the invalid bytes replace it.
            var text = J.Write(marked);
            var escaped = J.Write(new J.Str(Marker))[1..^1];
            var at = text.IndexOf(escaped, StringComparison.Ordinal);
            return [.. Encoding.UTF8.GetBytes(text[..at]), .. Pick(sequences), .. Encoding.UTF8.GetBytes(text[(at + escaped.Length)..])];
        }

        private byte[] NotObject(J.Obj body) => Encoding.UTF8.GetBytes(r.Next(8) switch
        {
            0 => "[]",
            1 => "[" + J.Write(body, r) + "]",
            2 => "\"NewProxy\"",
            3 => "42",
            4 => "true",
            5 => "null",
            6 => "1e400",
            _ => " \n\t ",
        });

        private J.Obj WrongType(J.Obj body, string op)
        {
            J[] wrong = [J.Number(7), new J.Raw("true"), new J.Raw("false"), new J.Raw("[]"), new J.Raw("{}"), new J.Raw("1.5"), new J.Arr([new J.Str("x")])];
            var content = (J.Obj)body["content"]!;
            var field = op switch
            {
                "NewProxy" => Pick(["op", "content", "proxy_name", "proxy_type", "remote_port", "user", "user.user", "group"]),
                "CloseProxy" => Pick(["op", "content", "proxy_name"]),
                _ => Pick(["op", "content"]),
            };
            return field switch
            {
                "op" => body.With("op", Pick(wrong)),
                "content" => body.With("content", Pick([.. wrong.Where(w => w is not J.Raw { Text: "{}" }), new J.Str("x"), J.Null])),
                "proxy_name" or "proxy_type" => body.With("content", content.With(field, Pick([.. wrong, J.Null, new J.Str("")]))),
                "remote_port" => body.With("content", content.With(field, Pick([.. wrong.Where(w => w is not J.Raw { Text: "7" }), new J.Str("20100"), new J.Str("")]))),
                "user" => body.With("content", content.With("user", Pick([.. wrong.Where(w => w is not J.Raw { Text: "{}" }), new J.Str("alice")]))),
                "user.user" => body.With("content", content.With("user", ((J.Obj)content["user"]!).With("user", Pick(wrong)))),
                _ => body.With("content", content.With("group", Pick(wrong))),
            };
        }

        private static J Deep(int levels, bool objects)
        {
            J inner = new J.Str("bottom");
            for (var i = 0; i < levels; i++)
            {
                inner = objects ? J.Obj.Of(("d", inner)) : new J.Arr([inner]);
            }
            return inner;
        }

        private J.Obj Duplicated(J.Obj body)
        {
            var content = (J.Obj)body["content"]!;
            return r.Next(6) switch
            {
                0 => Twice(body, "op", body["op"]!, new J.Str(Pick(OtherOps))),
                1 => Twice(body, "content", content, Content(r, Pick(Known))),
                2 => body.With("content", Twice(content, "proxy_name", new J.Str(Pick(Known).Name), new J.Str(Pick(Known).Name))),
                3 => body.With("content", Twice(content, "remote_port", J.Number(r.Next(20000, 21000)), J.Number(r.Next(20000, 21000)))),
                4 when content["user"] is J.Obj user => body.With("content", content.With("user", Twice(user, "user", user["user"]!, new J.Str(Pick(FuzzUsers))))),
                _ => body.With("content", content.With("metas", Twice(J.Obj.Of(), "k", new J.Str("1"), new J.Str("2")))),
            };
        }

        // The object with key set to first, and then once more to second.
        private static J.Obj Twice(J.Obj obj, string key, J first, J second) => new(obj.With(key, first).Members.Add((key, second)));

        private J.Obj LongName(J.Obj body)
        {
            var length = r.Next(3) == 0 ? 401 : r.Next(401, 60_000);
            var name = string.Concat(Enumerable.Repeat(Pick(["a", "é", "😀", "名"]), length));
            var content = (J.Obj)body["content"]!;
            var closing = body["op"] is J.Str { Value: "CloseProxy" };
            return body.With("content", r.Next(closing ? 2 : 3) switch
            {
                0 => content.With("proxy_name", new J.Str(name[..length])),
                1 => content.With("user", ((J.Obj)content["user"]!).With("user", new J.Str(name[..length]))),
                _ => content.With("group", new J.Str(name[..length])),
            });
        }

        private J.Obj BadCharacters(J.Obj body)
        {
            string[] bad = ["\u0000", "\u0001", "\u001b[31m", "\u001f", "\u007f", "\n", "\r\nINFO forged log line", "\t", "\u0085", "\ud800", "\udc00", "\udc00\ud800", "\ud83d"];
            var poison = Pick(bad);
            var content = (J.Obj)body["content"]!;
            var user = (J.Obj)content["user"]!;
            var name = content["proxy_name"] is J.Str { Value: var n } ? n : "x";
            var closing = body["op"] is J.Str { Value: "CloseProxy" };
            return body.With("content", r.Next(closing ? 2 : 4) switch
            {
                0 => content.With("proxy_name", new J.Str(Insert(name, poison))),
                1 => content.With("user", user.With("user", new J.Str(Insert(user["user"] is J.Str { Value: var u } ? u : "", poison)))),
                2 => content.With("group", new J.Str(Insert("grp", poison))),
                // Not Unicode anywhere, also in a field that is only echoed.
                _ => content.With(Pick(["metas", "x_future_field", "sk"]), new J.Str(Insert("echoed", Pick(["\ud800", "\udc00", "\udc00\ud800", "\ud83d"])))),
            });
        }

        private string Insert(string text, string poison)
        {
            var at = r.Next(text.Length + 1);
            // Never between the halves of a surrogate pair: that would be a second poison.
            if (at > 0 && at < text.Length && char.IsLowSurrogate(text[at]))
            {
                at--;
            }
            return text[..at] + poison + text[at..];
        }

        public HostileCase Framing()
        {
            var (body, op) = Base();
            var json = Encoding.UTF8.GetBytes(J.Write(DamageForFraming(body), r));
            var target = $"{PluginPath}?version=0.1.0&op={op}";
            const string Host = "Host: 127.0.0.1\r\n";
            var (head, payload, halfClose) = r.Next(16) switch
            {
                0 => ($"{Ascii(r.Next(1, 200))}\r\n\r\n", [], false),
                1 => ($"POST {target} HTTP/1.1\r\n{Host}Content-Length: {json.Length}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n", Chunk(json), false),
                2 => ($"POST {target} HTTP/1.1\r\n{Host}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", [.. "zz\r\n"u8, .. json], false),
                3 => ($"POST {target} HTTP/1.1\r\n{Host}Content-Length: {json.Length + r.Next(1, 5000)}\r\nConnection: close\r\n\r\n", json, true),
                4 => ($"POST {target} HTTP/1.1\r\n{Host}X-Frp-Reqid: a\u0001b\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                5 => ($"POST {target} HTTP/1.1\r\n{Host}X-Frp-Reqid: ünï\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                6 => ($"POST {target} HTTP/1.1\r\n{Host}NoColonHere\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                7 => ($"POST {target} HTTP/1.1\r\n{Host}X-Big: {new string('h', r.Next(9_000, 40_000))}\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                8 => ($"POST {target} HTTP/1.1\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                9 => ($"POST {target} HTTP/1.1\n{Host.Replace("\r", "", StringComparison.Ordinal)}Content-Length: {json.Length}\nConnection: close\n\n", json, false),
                10 => ($"post {target} HTTP/1.1\r\n{Host}Content-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                11 => ($"POST {target} HTTP/1.1\r\n{Host}X-Folded: a\r\n  b\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                12 => ($"POST {target} HTTP/1.1\r\n{Host}Content-Length: {Pick(["-1", "abc", "1 2", "99999999999999999999", $"{json.Length}, {json.Length + 1}"])}\r\nConnection: close\r\n\r\n", json, false),
                13 => ($"POST http://127.0.0.1{target} HTTP/1.1\r\n{Host}Content-Length: {json.Length}\r\nConnection: close\r\n\r\n", json, false),
                14 => ($"POST {target} HTTP/1.0\r\nContent-Length: {json.Length}\r\n\r\n", json, false),
                _ => ($"POST {target} HTTP/1.1\r\n{Host}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", Chunk(json)[..^5], true),
            };
            return new HostileCase(index, "http-framing", new Expect.HttpFault(), "RAW", target, [], [.. Encoding.Latin1.GetBytes(head), .. payload],
                Transport: Transport.Raw, HalfClose: halfClose);
        }

        // Framing cases carry a damaged body, so that whatever the server makes of the framing, no port is granted.
        private J.Obj DamageForFraming(J.Obj body) => body.With("op", new J.Raw(Pick(["7", "[]", "{}"]))).With("version", J.Number(r.Next()));

        private static byte[] Chunk(byte[] body) =>
            [.. Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), .. body, .. "\r\n0\r\n\r\n"u8];

        private string Ascii(int length) => new([.. Enumerable.Range(0, length).Select(_ => (char)r.Next(0x21, 0x7f))]);

        private (string Target, bool WithoutOp) ValidQuery(string op) => r.Next(6) switch
        {
            0 => ($"{PluginPath}?op={op}", false),
            1 => ($"{PluginPath}?version=0.1.0&op={op}&x={Uri.EscapeDataString(Name(20))}", false),
            2 => ($"{PluginPath}?version=0.1.0", false),
            3 => ($"{PluginPath}?op={op}", true),
            4 => ($"{PluginPath}?version=9.9.9&op={op}", false),
            _ => ($"{PluginPath}?version=0.1.0&op={op}", false),
        };

        private List<KeyValuePair<string, string>> ValidHeaders()
        {
            var headers = new List<KeyValuePair<string, string>>();
            string[] types = ["application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/octet-stream", "APPLICATION/JSON", ""];
            if (Pick(types) is { Length: > 0 } type)
            {
                headers.Add(new("Content-Type", type));
            }
            switch (r.Next(10))
            {
                case < 7:
                    headers.Add(new("X-Frp-Reqid", Hex(r, 32)));
                    break;
                case 7:
                    headers.Add(new("X-Frp-Reqid", Ascii(2000)));
                    break;
                case 8:
                    headers.Add(new("X-Frp-Reqid", "a"));
                    headers.Add(new("X-Frp-Reqid", "b"));
                    break;
            }
            if (r.Next(20) == 0)
            {
                headers.Add(new("Expect", "100-continue"));
            }
            if (r.Next(10) == 0)
            {
                headers.Add(new($"X-Junk-{r.Next(100)}", Ascii(r.Next(1, 100))));
            }
            return headers;
        }

        private List<KeyValuePair<string, string>> HostileHeaders()
        {
            var headers = ValidHeaders();
            headers.Add(r.Next(3) switch
            {
                0 => new("X-Frp-Reqid", new string('r', r.Next(9_000, 30_000))),
                1 => new("Content-Type", Pick(["application/json; charset=utf-16", "multipart/form-data; boundary=x", ";;;", "application/xml", "ÿ/þ"])),
                _ => new("X-Frp-Reqid", "ünïcødé-ñ"),
            });
            return headers;
        }

        private HostileCase Http(string kind, Expect expect, string target, byte[] body, List<KeyValuePair<string, string>> headers) =>
            new(index, kind, expect, "POST", target, headers, body, Chunked: r.Next(5) == 0);

        private static J.Obj SetContent(J.Obj body, string field, J value) =>
            body["content"] is J.Obj content ? body.With("content", content.With(field, value)) : body;

        private static J.Obj Rename(J.Obj body, string from, string to) =>
            new([.. body.Members.Select(m => m.Key == from ? (to, m.Value) : m)]);

        private static string ReplaceFirst(string text, string what, string with)
        {
            var at = text.IndexOf(what, StringComparison.Ordinal);
            return at < 0 ? text : text[..at] + with + text[(at + what.Length)..];
        }

        private static byte[] Write(J json, Random? random = null) => Encoding.UTF8.GetBytes(J.Write(json, random));

        private string Name(int max)
        {
            string[] pieces = ["a", "Z", "0", "-", "_", ".", "é", "ß", "名", "😀", "\u0301", " ", "%", "/", "\\", "\"", "'", "<", "&", "\u200d"];
            return string.Concat(Enumerable.Range(0, r.Next(1, max)).Select(_ => Pick(pieces)));
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[r.Next(items.Count)];

        public static J.Obj Envelope(string op, J.Obj content, Random? shuffle = null)
        {
            var members = new List<(string, J)> { ("version", new J.Str("0.1.0")), ("op", new J.Str(op)), ("content", content) };
            return new J.Obj(shuffle is null ? [.. members] : [.. members.OrderBy(_ => shuffle.Next())]);
        }

        private static J.Obj User(Random? r, string user) => J.Obj.Of(
            ("user", new J.Str(user)),
            ("metas", r?.Next(3) == 0 ? J.Obj.Of(("team", new J.Str("ops")), ("ünï", new J.Str("😀"))) : J.Null),
            ("run_id", new J.Str(r is null ? "run" : Hex(r, 16))));

        /// <summary>The content frps sends for <paramref name="proxy"/>; with a random source, with random extra fields that change nothing.</summary>
        public static J.Obj Content(Random? r, KnownProxy proxy)
        {
            var content = J.Obj.Of(("user", User(r, proxy.User)), ("proxy_name", new J.Str(proxy.Name)), ("proxy_type", new J.Str(proxy.Type)));
            if (proxy.RemotePort is int port)
            {
                content = content.With("remote_port", J.Number(port));
            }
            else if (r?.Next(4) == 0)
            {
                content = content.With("remote_port", r.Next(2) == 0 ? J.Number(0) : J.Null);
            }
            if (proxy.Group is not null)
            {
                content = content.With("group", new J.Str(proxy.Group)).With("group_key", new J.Str("k"));
            }
            if (r is null)
            {
                return content;
            }
            for (var extra = r.Next(5); extra > 0; extra--)
            {
                content = content.With(Extra(r), ExtraValue(r));
            }
            return r.Next(3) == 0 ? new J.Obj([.. content.Members.OrderBy(_ => r.Next())]) : content;
        }

        private static string Extra(Random r)
        {
            string[] names = ["use_encryption", "use_compression", "bandwidth_limit", "metas", "annotations", "custom_domains", "locations", "sk", "x_future_field", "ünknown", "😀", ""];
            return names[r.Next(names.Length)];
        }

        private static J ExtraValue(Random r)
        {
            string[] numbers = ["0", "-0", "1e308", "-1.5e-300", "123456789012345678901234567890", "3.14", "1E+2", "-9223372036854775809"];
            return r.Next(7) switch
            {
                0 => new J.Raw(numbers[r.Next(numbers.Length)]),
                1 => new J.Raw(r.Next(3) switch { 0 => "true", 1 => "false", _ => "null" }),
                2 => new J.Str("ünï😀\u0000\u001f\"\\/\u2028" + new string('s', r.Next(0, 2000))),
                3 => J.Obj.Of(("k", new J.Str("v")), ("n", new J.Raw("1.0")), ("", new J.Raw("{}"))),
                4 => new J.Arr([new J.Str("a.example.com"), new J.Str("b")]),
                // Nested to at most depth 64 (the body is depth 1, content 2): the limit itself.
                5 => Deep(r.Next(1, 63), r.Next(2) == 0),
                _ => new J.Str(""),
            };
        }

        private static J.Obj OtherContent(string op, KnownProxy proxy) => op switch
        {
            "Login" => J.Obj.Of(("version", new J.Str("0.70.1")), ("hostname", new J.Str("")), ("os", new J.Str("linux")), ("arch", new J.Str("amd64")),
                ("user", new J.Str(proxy.User)), ("timestamp", J.Number(1764067260)), ("privilege_key", new J.Str("77aa")), ("run_id", new J.Str("run")),
                ("metas", J.Null), ("pool_count", J.Number(1))),
            "NewUserConn" => J.Obj.Of(("user", User(null, proxy.User)), ("proxy_name", new J.Str(proxy.Name)), ("proxy_type", new J.Str(proxy.Type)),
                ("remote_addr", new J.Str("203.0.113.9:51234"))),
            _ => J.Obj.Of(("user", User(null, proxy.User)), ("timestamp", J.Number(1764067260)), ("privilege_key", new J.Str("77aa"))),
        };

        private static string Hex(Random r, int length) =>
            string.Concat(Enumerable.Range(0, length).Select(_ => r.Next(16).ToString("x", CultureInfo.InvariantCulture)));
    }
}
