using PortKeeper.Gateway.Cli;

namespace PortKeeper.Core.Tests.Cli;

public sealed class CliErrorsTests
{
    private static readonly Uri Node = new("http://127.0.0.1:8080");

    [Theory]
    [InlineData(401, """{"title":"Token required","detail":"send Authorization"}""", CliExit.Token, "the node at http://127.0.0.1:8080 refused the admin token (Token required): give the node's --admin-token with --token TOKEN or $PORTKEEPER_ADMIN_TOKEN")]
    [InlineData(403, """{"title":"Admin API off","detail":"start PortKeeper with --admin-token to use it"}""", CliExit.Token, "the node at http://127.0.0.1:8080 refused: Admin API off: start PortKeeper with --admin-token to use it")]
    [InlineData(404, """{"title":"Port free","detail":"tcp port 20005 is held by no proxy"}""", CliExit.Refused, "Port free: tcp port 20005 is held by no proxy")]
    [InlineData(409, """{"title":"Proxy connected","detail":"connected; add ?force=true to release it anyway"}""", CliExit.Refused, "Proxy connected: connected; add --force to release it anyway")]
    [InlineData(502, "<html>bad gateway</html>", CliExit.Refused, "the node at http://127.0.0.1:8080 answered 502 Bad Gateway")]
    public void a_refusal_is_one_line_with_its_title_and_detail_and_what_to_do(int status, string body, int exitCode, string line) =>
        Assert.Equal((line, exitCode), CliErrors.Answer(Node, status, status == 502 ? "Bad Gateway" : null, body));

    [Fact]
    public void an_unreachable_node_names_its_address_and_how_to_set_it() =>
        Assert.Equal(
            ("cannot reach the node at http://127.0.0.1:8080 (connection refused): is it running there? Give its address with --node URL or $PORTKEEPER_NODE", CliExit.Unreachable),
            CliErrors.Unreachable(Node, "connection refused"));

    [Fact]
    public void a_missing_token_names_the_option_and_the_variable() =>
        Assert.Contains("--token TOKEN or $PORTKEEPER_ADMIN_TOKEN", CliErrors.NoToken.Line, StringComparison.Ordinal);
}
