using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Gateway.Plugin;

namespace PortKeeper.Core.Tests.Plugin;

/// <summary>Bodies the fuzz run against a real node found mishandled: each now a 400 saying why, or read as frps means it.</summary>
public sealed class HostileBodyTests
{
    private const string User = """{"user":"u","metas":null,"run_id":"r"}""";

    public static TheoryData<string, string?, string> Faults => new()
    {
        // A second key used to win silently below the top level: a request frps never sends moved a proxy's port.
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a","proxy_type":"tcp","remote_port":20001,"remote_port":20002}}""", null, "the key 'remote_port' twice" },
        { """{"op":"NewProxy","content":{"user":{"user":"u","user":"v"},"proxy_name":"u.a","proxy_type":"tcp"}}""", null, "the key 'user' twice" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a","proxy\u005fname":"u.b","proxy_type":"tcp"}}""", null, "the key 'proxy_name' twice" },
        { """{"op":"Login","content":{"metas":{"k":"1","k":"2"}}}""", null, "the key 'k' twice" },
        { $$$"""{"op":"CloseProxy","content":{"user":{{{User}}},"proxy_name":"u.a","remote_port":1,"remote_port":2}}""", null, "twice" },
        // An unpaired surrogate failed only when read (a logged stack trace and a refusal) or echoed (a 500).
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.\ud800","proxy_type":"tcp"}}""", null, "not valid Unicode" },
        { $$$"""{"op":"NewProxy","content":{"user":{"user":"\udc00"},"proxy_name":"u.a","proxy_type":"tcp"}}""", null, "not valid Unicode" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a","proxy_type":"tcp","metas":"\udc00\ud800"}}""", null, "not valid Unicode" },
        { """{"op":"Ping","content":{"user":{"user":"u","run_id":"\ud83d"}}}""", null, "not valid Unicode" },
        { """{"\ud800":1,"op":"Login","content":{}}""", null, "not valid Unicode" },
        // Control characters in a name: a forged log line, a NUL PostgreSQL refuses.
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a\u0000","proxy_type":"tcp"}}""", null, "control character (U+0000)" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a\r\nINFO forged","proxy_type":"tcp"}}""", null, "control character (U+000D)" },
        { """{"op":"NewProxy","content":{"user":{"user":"u\u001b[31m"},"proxy_name":"u.a","proxy_type":"udp"}}""", null, "\"user.user\"" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a","proxy_type":"tcp","group":"g\u007f"}}""", null, "\"group\"" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.\u0085","proxy_type":"tcp"}}""", null, "U+0085" },
        { $$$"""{"op":"CloseProxy","content":{"user":{{{User}}},"proxy_name":"u.a\n"}}""", null, "control character" },
        { """{"op":"CloseProxy","content":{"user":{"user":"u\t"},"proxy_name":"u.a"}}""", null, "\"user.user\"" },
        // No length limit on user names: a grain key longer than PostgreSQL's key column.
        { $$$"""{"op":"NewProxy","content":{"user":{"user":"{{{new string('u', 401)}}}"},"proxy_name":"u.a","proxy_type":"tcp"}}""", null, "\"user.user\" may have at most 400 characters, not 401" },
        { $$$"""{"op":"CloseProxy","content":{"user":{{{User}}},"proxy_name":"{{{new string('p', 401)}}}"}}""", null, "at most 400 characters" },
        { $$$"""{"op":"NewProxy","content":{"user":{{{User}}},"proxy_name":"u.a","proxy_type":"tcp","metas":{{{new string('[', 63)}}}1{{{new string(']', 63)}}}}}""", null, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void hostile_body_is_invalid_with_a_message_saying_what_is_wrong(string body, string? queryOp, string expected) =>
        Assert.Contains(expected, Assert.IsType<PluginRequest.Invalid>(Parse(body, queryOp)).Message, StringComparison.Ordinal);

    public static TheoryData<byte[], string> InvalidUtf8 => new()
    {
        { Spliced("{\"version\":\"0.1", [0xff], "\",\"op\":\"Login\",\"content\":{}}"), "not valid UTF-8" },
        { Spliced("{\"op\":\"NewProxy\",\"content\":{\"proxy_name\":\"u.", [0xc0, 0x80], "\",\"proxy_type\":\"tcp\"}}"), "not valid UTF-8" },
        { Spliced("{\"op\":\"NewProxy\",\"content\":{\"proxy_name\":\"u.a\",\"proxy_type\":\"tcp\",\"metas\":\"x", [0xed, 0xa0, 0x80], "\"}}"), "not valid UTF-8" },
        { Spliced("{\"op\":\"CloseProxy\",\"content\":{\"proxy_name\":\"u.", [0xe2, 0x82], "\"}}"), "not valid UTF-8" },
    };

    private static byte[] Spliced(string before, byte[] bytes, string after) => [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];

    // Invalid UTF-8 used to pass unnoticed in fields that are only echoed, and to fail when a name was read.
    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void invalid_utf8_anywhere_is_invalid(byte[] body, string expected) =>
        Assert.Contains(expected, Assert.IsType<PluginRequest.Invalid>(PluginRequests.Parse(body, null)).Message, StringComparison.Ordinal);

    public static TheoryData<string> Accepted => new()
    {
        $$$"""{"op":"NewProxy","content":{"user":{"user":"{{{new string('λ', 400)}}}"},"proxy_name":"{{{new string('λ', 400)}}}","proxy_type":"tcp","group":"{{{new string('g', 400)}}}"}}""",
        """{"op":"NewProxy","content":{"user":{"user":"😀"},"proxy_name":"\ud83d\ude00.\ud83d\ude80","proxy_type":"udp"}}""",
        """{"op":"NewProxy","content":{"user":{"user":"عربي"},"proxy_name":"عربي.e\u0301\u202e\u200b\ufeff\uffff","proxy_type":"tcp"}}""",
        // Control characters are fine where they are only echoed.
        """{"op":"NewProxy","content":{"user":{"user":"u"},"proxy_name":"u.a","proxy_type":"tcp","metas":{"k":"a\u0000b\u001f","":"\n"}}}""",
        $$$"""{"op":"NewProxy","content":{"user":{"user":"u"},"proxy_name":"u.a","proxy_type":"tcp","metas":{{{new string('[', 62)}}}1{{{new string(']', 62)}}}}}""",
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void odd_but_valid_proxy_is_read_with_its_content_whole(string body)
    {
        var proxy = Assert.IsType<PluginRequest.NewProxy>(Parse(body, "NewProxy"));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body)!["content"], proxy.Content));
    }

    [Theory]
    [InlineData("""{"op":"Ping","content":{"user":{"user":"u\u0000","run_id":"r"}}}""")]
    [InlineData("""{"op":"Ping","content":{"user":{"user":"u\nforged","run_id":"r"}}}""")]
    public void ping_of_a_name_no_proxy_can_have_names_no_user(string body) =>
        Assert.Equal(new PluginRequest.Ping("", ""), Parse(body, null));

    [Theory]
    [InlineData("""{"op":"NewProxy\r\nINFO forged","content":{}}""")]
    [InlineData("""{"op":"\u001b[2J","content":{}}""")]
    public void echoed_text_in_a_message_has_its_control_characters_escaped(string body)
    {
        var message = Assert.IsType<PluginRequest.Invalid>(Parse(body, null)).Message;

        Assert.DoesNotContain(message, char.IsControl);
        Assert.Contains("\\u00", message, StringComparison.Ordinal);
    }

    [Fact]
    public void echoed_text_in_a_message_is_cut_short()
    {
        var message = Assert.IsType<PluginRequest.Invalid>(Parse("{\"op\":[" + string.Join(',', Enumerable.Repeat("\"xxxxxxxxxx\"", 5000)) + "],\"content\":{}}", null)).Message;

        Assert.True(message.Length < 300, message);
        Assert.Contains("characters)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("a\nb", "'a\\u000ab'")]
    [InlineData("\u0000", "'\\u0000'")]
    public void shown_text_is_quoted_with_control_characters_escaped(string text, string expected) =>
        Assert.Equal(expected, PluginText.Shown(text));

    [Fact]
    public void shown_text_is_never_cut_inside_a_surrogate_pair()
    {
        var shown = PluginText.Shown(new string('a', 79) + "😀" + new string('b', 10));

        Assert.DoesNotContain(shown, char.IsSurrogate);
        Assert.EndsWith("… (91 characters)", shown, StringComparison.Ordinal);
    }

    private static PluginRequest Parse(string body, string? queryOp) => PluginRequests.Parse(Encoding.UTF8.GetBytes(body), queryOp);
}
