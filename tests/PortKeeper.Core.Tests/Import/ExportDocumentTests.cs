using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Silo.Import;

namespace PortKeeper.Core.Tests.Import;

public sealed class ExportDocumentTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("""{"proxies": {"a.b": 6000}}""")]
    [InlineData("[1, 2]")]
    public void text_without_a_format_is_no_export_and_other_formats_are_tried(string text) =>
        Assert.Null(ExportDocument.Recognize(text, "f.json"));

    [Theory]
    [InlineData("""{"format": "other", "version": 1, "pools": []}""", "f.json: format \"other\" is not \"portkeeper-export\"")]
    [InlineData("""{"format": "portkeeper-export", "pools": []}""", "f.json: version (none) is not one this node reads (1)")]
    [InlineData("""{"format": "portkeeper-export", "version": 2, "pools": []}""", "f.json: version 2 is not one this node reads (1)")]
    [InlineData("""{"format": "portkeeper-export", "version": 1}""", "f.json: no \"pools\" array")]
    [InlineData("""{"format": "portkeeper-export", "version": 1, "pools": [{"range": "1-2"}]}""", "f.json: a pool without a \"name\"")]
    [InlineData("""{"format": "portkeeper-export", "version": 1, "pools": [{"name": "default", "leases": [{"port": "x"}]}]}""", "f.json: not a PortKeeper export of version 1")]
    public void a_document_that_names_the_format_but_cannot_be_read_says_why(string text, string problem)
    {
        var found = Assert.IsType<Parsed<ExportDocument>.Error>(ExportDocument.Recognize(text, "f.json")).Message;

        Assert.StartsWith(problem, found, StringComparison.Ordinal);
    }

    [Fact]
    public void a_document_reads_back_what_was_exported_and_missing_lists_read_as_empty()
    {
        var at = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var lease = ExportLease.Of(LeaseKey.ForProxy(Protocol.Udp, "nas", "nas.dns"), new LeaseInfo("udp/proxy/nas.dns", 20005, at, at, true, "nas.dns", "nas", "udp"));
        var group = ExportLease.Of(LeaseKey.ForGroup(Protocol.Tcp, "web"), new LeaseInfo("tcp/group/web", 20006, at, at, false, "a.web", "", "tcp"));
        var text = System.Text.Json.JsonSerializer.Serialize(ExportDocument.Of(at, [new ExportPool("default", "20000-20099", [lease, group], [], ExportLimits.None)]), ExportDocument.Json);

        var document = Assert.IsType<Parsed<ExportDocument>.Ok>(ExportDocument.Parse(text, "f.json")).Value;
        var bare = Assert.IsType<Parsed<ExportDocument>.Ok>(ExportDocument.Parse("""{"format": "portkeeper-export", "version": 1, "pools": [{"name": "eu"}]}""", "f.json")).Value;

        Assert.Equal([LeaseKey.ForProxy(Protocol.Udp, "nas", "nas.dns"), LeaseKey.ForGroup(Protocol.Tcp, "web")], document.Pools[0].Leases.Select(l => l.Key()));
        Assert.Equal((null, null), (group.User, group.Proxy));
        Assert.Empty(bare.Pools[0].Leases);
        Assert.Empty(bare.Pools[0].Limits!.Users);
        Assert.Contains("\"user\": null", text, StringComparison.Ordinal);
    }
}
