using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>
/// JSON text as a tree that can also hold what JSON forbids (a raw token is written as it is),
/// so that a generator can damage a body at a chosen place and write it with seeded formatting.
/// </summary>
public abstract record Json
{
    private Json() { }

    /// <summary>An object; members keep their order, and a key may repeat.</summary>
    public sealed record Obj(ImmutableList<(string Key, Json Value)> Members) : Json
    {
        public static Obj Of(params (string Key, Json Value)[] members) => new([.. members]);

        /// <summary>The object with <paramref name="key"/> set (replaced where it is, else added at the end).</summary>
        public Obj With(string key, Json value) =>
            Members.FindIndex(m => m.Key == key) is var at and >= 0
                ? new(Members.SetItem(at, (key, value)))
                : new(Members.Add((key, value)));

        public Obj Without(string key) => new(Members.RemoveAll(m => m.Key == key));

        public Json? this[string key] => Members.Find(m => m.Key == key).Value;
    }

    public sealed record Arr(ImmutableList<Json> Items) : Json;

    public sealed record Str(string Value) : Json;

    /// <summary>Written as it is: a number, a literal, or anything at all.</summary>
    public sealed record Raw(string Text) : Json;

    public static Json Number(long value) => new Raw(value.ToString(CultureInfo.InvariantCulture));

    public static readonly Json Null = new Raw("null");

    /// <summary>
    /// Writes <paramref name="json"/>; with a <paramref name="random"/>, with random white space
    /// between tokens and random characters of strings written as escapes (every writing means the
    /// same JSON). A lone surrogate is always written as a <c>\u</c> escape, as UTF-8 cannot hold it.
    /// </summary>
    public static string Write(Json json, Random? random = null)
    {
        var text = new StringBuilder();
        Write(json, random, text);
        return text.ToString();
    }

    private static void Write(Json json, Random? random, StringBuilder text)
    {
        switch (json)
        {
            case Obj obj:
                text.Append('{');
                for (var i = 0; i < obj.Members.Count; i++)
                {
                    Space(random, text, i > 0 ? "," : "");
                    WriteString(obj.Members[i].Key, random, text);
                    Space(random, text, ":");
                    Write(obj.Members[i].Value, random, text);
                }
                Space(random, text, "}");
                break;
            case Arr arr:
                text.Append('[');
                for (var i = 0; i < arr.Items.Count; i++)
                {
                    Space(random, text, i > 0 ? "," : "");
                    Write(arr.Items[i], random, text);
                }
                Space(random, text, "]");
                break;
            case Str str:
                WriteString(str.Value, random, text);
                break;
            case Raw raw:
                text.Append(raw.Text);
                break;
        }
    }

    private static readonly string[] Spaces = ["", "", "", " ", "\n", "\t", "\r\n  "];

    private static void Space(Random? random, StringBuilder text, string token)
    {
        if (random is not null)
        {
            text.Append(Spaces[random.Next(Spaces.Length)]);
        }
        text.Append(token);
    }

    private static void WriteString(string value, Random? random, StringBuilder text)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A pair is written whole or as two escapes: half of it raw would not be UTF-8.
                text.Append(random?.Next(12) == 0 ? $"\\u{(int)c:x4}\\u{(int)value[i + 1]:x4}" : value.AsSpan(i, 2));
                i++;
                continue;
            }
            var escape = c is '"' or '\\' or < ' ' || char.IsSurrogate(c) || random?.Next(12) == 0;
            if (!escape)
            {
                text.Append(c);
            }
            else if (c == '/' && random?.Next(2) == 0)
            {
                text.Append("\\/");
            }
            else
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' when random?.Next(2) == 0 => "\\n",
                    _ => $"\\u{(int)c:x4}",
                });
            }
        }
        text.Append('"');
    }
}
