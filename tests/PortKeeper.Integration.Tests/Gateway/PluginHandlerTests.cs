using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PortKeeper.Contracts;
using PortKeeper.Domain;
using PortKeeper.Grains;
using PortKeeper.Gateway.Endpoints;
using PortKeeper.Gateway.Plugin;
using PortKeeper.Gateway.Telemetry;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Integration.Tests.Gateway;

/// <summary>The handler alone, with lease grains that hang or fail: no host, no cluster.</summary>
public sealed class PluginHandlerTests
{
    private const string TcpProxy = """{"op":"NewProxy","content":{"user":{"user":"bob"},"proxy_name":"bob.ssh","proxy_type":"tcp"}}""";
    // The product's own answer deadline, on the handler's fake clock.
    private static readonly TimeSpan Deadline = new PortKeeperOptions().AnswerTimeout;

    // How long a test waits for an answer once the deadline has passed on the handler's clock:
    // too short for the deadline to pass on the machine's, so a handler that waited on that fails.
    private static readonly TimeSpan Prompt = Deadline / 2;

    // The deadline of the tests on the machine's clock, whose grain fails rather than hangs: short,
    // as a lost node's proxy is asked again while time is left.
    private static readonly TimeSpan Brief = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task hanging_lease_grain_is_refused_within_the_deadline()
    {
        var (lease, asked) = Hanging();
        var clock = new FakeTimeProvider();

        var answer = await AnsweredByTheDeadlineAsync(HandleAsync(TcpProxy, lease, clock: clock), asked, clock);

        var reason = Rejected(answer);
        Assert.Contains("no answer within 5 s (a node of its cluster may be down, or its storage slow); frpc retries by itself", reason, StringComparison.Ordinal);
        Assert.Contains("'bob.ssh'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task known_proxy_whose_grain_hangs_is_answered_with_its_stored_port_within_the_deadline()
    {
        var (lease, asked) = Hanging();
        var clock = new FakeTimeProvider();
        var answering = HandleAsync(TcpProxy, lease, stored: new StoredStub(6003), clock: clock);

        // Storage is asked once the grain's patience, a part of the deadline, has passed.
        await asked.WithinAsync(Deadlines.Quick, "the handler's call of the grain");
        clock.Advance(StoredAnswers.Patience(Deadline));
        var answer = await answering.WithinAsync(Prompt, "an answer from storage once the grain's patience passed on the handler's clock");

        var ok = Assert.IsType<Ok<PluginResponse>>(answer.Result).Value!;
        Assert.False(ok.Reject);
        Assert.Equal(6003, ok.Content!["remote_port"]!.GetValue<int>());
        Assert.Equal("bob.ssh", ok.Content!["proxy_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(6003, 6003)]
    [InlineData(null, null)]
    [InlineData(7003, null)]
    public async Task proxy_whose_node_is_lost_gets_its_stored_port_or_a_refusal_naming_the_node(int? held, int? port)
    {
        var lease = new LeaseStub(_ => Task.FromException<Allocation>(new SiloUnavailableException("the silo is gone")));

        var answer = await HandleAsync(TcpProxy, lease, stored: new StoredStub(held));

        if (port is null)
        {
            Assert.Contains("a node of its cluster is unreachable", Rejected(answer), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(port, Assert.IsType<Ok<PluginResponse>>(answer.Result).Value!.Content!["remote_port"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task new_proxy_whose_node_was_lost_is_asked_again_within_the_deadline()
    {
        var calls = 0;
        var lease = new LeaseStub(_ => ++calls == 1
            ? Task.FromException<Allocation>(new SiloUnavailableException("the silo is gone"))
            : Task.FromResult<Allocation>(new Allocation.Granted(6007, IsNew: true)));

        var answer = await HandleAsync(TcpProxy, lease, stored: new StoredStub(null), deadline: TimeSpan.FromSeconds(5));

        Assert.Equal(6007, Assert.IsType<Ok<PluginResponse>>(answer.Result).Value!.Content!["remote_port"]!.GetValue<int>());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task failing_lease_grain_is_refused_with_a_retry_reason() =>
        Assert.Contains(
            "frpc retries by itself",
            Rejected(await HandleAsync(TcpProxy, new LeaseStub(_ => throw new InvalidOperationException("storage down")))),
            StringComparison.Ordinal);

    [Fact]
    public async Task faulted_lease_task_is_refused_with_a_retry_reason() =>
        Assert.Contains(
            "frpc retries by itself",
            Rejected(await HandleAsync(TcpProxy, new LeaseStub(_ => Task.FromException<Allocation>(new TimeoutException())))),
            StringComparison.Ordinal);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task failing_or_hanging_close_is_still_answered_unchanged(bool hang)
    {
        var asked = new TaskCompletionSource();
        var lease = new LeaseStub(_ => throw new NotSupportedException(), () =>
        {
            asked.TrySetResult();
            return hang ? new TaskCompletionSource().Task : throw new InvalidOperationException("down");
        });
        var clock = new FakeTimeProvider();

        var answer = await AnsweredByTheDeadlineAsync(HandleAsync("""{"op":"CloseProxy","content":{"proxy_name":"bob.ssh"}}""", lease, clock: clock), asked.Task, clock);

        Assert.Equal(PluginResponse.Unchanged, Assert.IsType<Ok<PluginResponse>>(answer.Result).Value);
    }

    [Fact]
    public async Task user_less_proxy_gets_a_port_when_allowed()
    {
        ProxyRequest? asked = null;
        var lease = new LeaseStub(r => { asked = r; return Task.FromResult<Allocation>(new Allocation.Granted(6001, true)); });

        var answer = await HandleAsync("""{"op":"NewProxy","content":{"proxy_name":"ssh","proxy_type":"tcp"}}""", lease, allowEmptyUser: true);

        var ok = Assert.IsType<Ok<PluginResponse>>(answer.Result);
        Assert.Equal(6001, ok.Value!.Content!["remote_port"]!.GetValue<int>());
        Assert.Equal(new ProxyRequest(Protocol.Tcp, "ssh", null), asked);
    }

    [Fact]
    public async Task content_length_over_the_limit_is_refused_without_reading_the_body()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new UnreadableStream();
        context.Request.ContentLength = 65537;

        var answer = await PluginEndpoints.HandleAsync(context.Request, Grains(new LeaseStub(_ => throw new NotSupportedException())), Options(false), NullLoggerFactory.Instance, Metrics);

        var bad = Assert.IsType<BadRequest<ValidationError>>(answer.Result);
        Assert.Equal("VALIDATEERR", bad.Value!.Error);
    }

    private static async Task<Results<Ok<PluginResponse>, BadRequest<ValidationError>>> HandleAsync(
        string body, LeaseStub lease, bool allowEmptyUser = false, StoredStub? stored = null, TimeSpan? deadline = null, TimeProvider? clock = null)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        var options = Options(allowEmptyUser);
        options.Value.AnswerTimeout = deadline ?? (clock is null ? Brief : Deadline);
        return await PluginEndpoints.HandleAsync(context.Request, Grains(lease), options, NullLoggerFactory.Instance, Metrics,
            PoolRegistry.DefaultOnly(PortRange.Of([new PortInterval(6000, 6009)])), stored, clock);
    }

    // A user grain whose acquire never ends; asked completes once the handler has called it, and so
    // has started its clock.
    private static (LeaseStub Lease, Task Asked) Hanging()
    {
        var asked = new TaskCompletionSource();
        return (new LeaseStub(_ =>
        {
            asked.TrySetResult();
            return new TaskCompletionSource<Allocation>().Task;
        }), asked.Task);
    }

    // The answer, which must have come once the answer deadline passed on the handler's clock: frps
    // never waits longer, whatever the grain does.
    private static async Task<T> AnsweredByTheDeadlineAsync<T>(Task<T> answering, Task asked, FakeTimeProvider clock)
    {
        await asked.WithinAsync(Deadlines.Quick, "the handler's call of the grain");
        clock.Advance(Deadline);
        return await answering.WithinAsync(Prompt, $"an answer once the answer deadline of {Deadline.TotalSeconds} s passed on the handler's clock");
    }

    // Storage holding one port for every proxy (null: none).
    private sealed class StoredStub(int? port) : IStoredPorts
    {
        public Task<int?> HeldAsync(string pool, LeaseKey holder, CancellationToken cancellationToken) => Task.FromResult(port);
    }

    private static string Rejected(Results<Ok<PluginResponse>, BadRequest<ValidationError>> answer)
    {
        var response = Assert.IsType<Ok<PluginResponse>>(answer.Result).Value!;
        Assert.True(response.Reject, JsonSerializer.Serialize(response));
        Assert.True(response.Unchange);
        Assert.Null(response.Content);
        return response.RejectReason!;
    }

    private static readonly PluginMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static IOptions<PortKeeperOptions> Options(bool allowEmptyUser) =>
        Microsoft.Extensions.Options.Options.Create(new PortKeeperOptions { AnswerTimeout = Deadline, AllowEmptyUser = allowEmptyUser });

    private static IGrainFactory Grains(IUserGrain lease)
    {
        var grains = DispatchProxy.Create<IGrainFactory, GrainFactoryStub>();
        ((GrainFactoryStub)(object)grains).Lease = lease;
        return grains;
    }

    private sealed class LeaseStub(Func<ProxyRequest, Task<Allocation>> acquire, Func<Task>? close = null) : IUserGrain
    {
        public Task<Allocation> AcquireAsync(ProxyRequest request) => acquire(request);

        public Task CloseAsync(string proxyName, string runId) => (close ?? (() => Task.CompletedTask))();

        public Task HeardAsync(string runId) => Task.CompletedTask;

        public Task<Allocation> ImportAsync(Protocol protocol, string proxyName, int port, DateTimeOffset? grantedAt) =>
            throw new NotSupportedException("the plugin endpoint never imports");

        public Task<LeaseInfo?> GetAsync(Protocol protocol, string proxyName) => Task.FromResult<LeaseInfo?>(null);

        public Task<ImmutableArray<LeaseInfo>> ListAsync() => throw new NotSupportedException("the plugin endpoint never lists");

        public Task<Release> ReleaseAsync(Protocol protocol, string proxyName, bool force) => throw new NotSupportedException("the plugin endpoint never releases");

        public Task<UserRelease> ReleaseAllAsync(bool force) => throw new NotSupportedException("the plugin endpoint never releases");

        public Task<UserLimits> GetLimitsAsync() => throw new NotSupportedException("the plugin endpoint never reads limits");

        public Task<UserLimits?> SetLimitAsync(UserLimit? limit) => throw new NotSupportedException("the plugin endpoint never sets limits");

        public Task<bool> ForgetAsync(Protocol protocol, string proxyName, int port) => throw new NotSupportedException("the plugin endpoint never repairs");

        public Task<ImmutableArray<LeaseInfo>> ExpireAsync(TimeSpan expiry) => throw new NotSupportedException("the plugin endpoint never expires leases");
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the body must not be read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the body must not be read");
    }
}

/// <summary>An <see cref="IGrainFactory"/> that hands out one user grain. DispatchProxy needs it unsealed.</summary>
public class GrainFactoryStub : DispatchProxy
{
    internal IUserGrain Lease { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod?.Name == nameof(IGrainFactory.GetGrain) && targetMethod.ReturnType == typeof(IUserGrain)
            ? Lease
            : throw new NotSupportedException(targetMethod?.Name);
}
