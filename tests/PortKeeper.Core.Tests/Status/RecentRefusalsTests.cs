using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Time.Testing;
using PortKeeper.Gateway.Plugin;
using PortKeeper.Gateway.Status;

namespace PortKeeper.Core.Tests.Status;

public sealed class RecentRefusalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static PluginRequest.NewProxy Proxy(string name, int? port = null) => new(name, "udp", null, port, "bob", [], "r1");

    [Fact]
    public void a_refusal_is_recorded_with_the_requests_names_and_the_reason_frps_got()
    {
        var record = RefusalRecord.Of(T0, "eu", Proxy("bob.dns", 53), PluginResponse.Rejected("udp port 53 is outside"));

        Assert.Equal(new RefusalRecord(T0, "eu", "bob", "bob.dns", "udp", 53, "udp port 53 is outside"), record);
    }

    public static TheoryData<PluginResponse> Accepted => new() { PluginResponse.Unchanged, PluginResponse.Changed(new JsonObject()) };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void an_answer_that_refuses_nothing_is_no_refusal(PluginResponse answer) =>
        Assert.Null(RefusalRecord.Of(T0, "default", Proxy("bob.dns"), answer));

    [Fact]
    public void a_refusal_of_no_proxy_request_names_nobody_and_cutnames_are_cut()
    {
        var unnamed = RefusalRecord.Of(T0, "default", null, PluginResponse.Rejected("failed"));
        var cut = RefusalRecord.Of(T0, "default", Proxy(new string('x', 5000)), PluginResponse.Rejected(new string('y', 5000)));

        Assert.Equal(new RefusalRecord(T0, "default", "", "", "", null, "failed"), unnamed);
        Assert.Equal(513, cut?.Proxy.Length);
        Assert.Equal(513, cut?.Reason.Length);
    }

    [Fact]
    public void the_buffer_keeps_the_newest_refusals_newest_first_and_lets_every_answer_through()
    {
        var refusals = new RecentRefusals(new FakeTimeProvider(T0));
        var total = RecentRefusals.Capacity + 5;

        for (var i = 0; i < total; i++)
        {
            refusals.Note("default", Proxy($"bob.p{i}"), TypedResults.Ok(PluginResponse.Rejected($"no {i}")));
        }
        var passed = refusals.Note("default", Proxy("bob.ok"), TypedResults.Ok(PluginResponse.Unchanged));
        var invalid = refusals.Note("default", null, TypedResults.BadRequest(ValidationError.Of("bad")));
        var kept = refusals.List();

        Assert.Equal(RecentRefusals.Capacity, kept.Length);
        Assert.Equal($"bob.p{total - 1}", kept[0].Proxy);
        Assert.Equal("bob.p5", kept[^1].Proxy);
        Assert.All(kept, r => Assert.Equal(T0, r.At));
        Assert.Same(PluginResponse.Unchanged, (passed.Result as Ok<PluginResponse>)?.Value);
        Assert.IsType<BadRequest<ValidationError>>(invalid.Result);
    }

    [Theory]
    [InlineData(null, "/status")]
    [InlineData("", "/status")]
    [InlineData("/dashboard", "/dashboard")]
    [InlineData("/dashboard/", "/dashboard/")]
    [InlineData("/dashboard/#/grains", "/dashboard/#/grains")]
    [InlineData("/dashboardx", "/status")]
    [InlineData("//elsewhere.example/", "/status")]
    [InlineData("https://elsewhere.example/dashboard/", "/status")]
    public void a_sign_in_leads_back_only_to_the_status_page_or_the_dashboard(string? given, string expected) =>
        Assert.Equal(expected, StatusEndpoints.ReturnTo(given));
}
