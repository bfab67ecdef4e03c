using PortKeeper.Contracts;
using PortKeeper.Domain;

namespace PortKeeper.Integration.Tests;

/// <summary>
/// A NewProxy of a proxy (or a member of a group) as tests phrase it; the proxy's user is its
/// name's prefix, as frps names it (<c>alice.api</c> is alice's).
/// </summary>
public sealed record LeaseRequest(string ProxyName, int? RequestedPort = null, string RunId = "");

/// <summary>
/// One lease seen from outside: a proxy's through its user grain, or a group's through its group
/// grain, in <paramref name="Pool"/>.
/// </summary>
public sealed record LeaseHandle(IGrainFactory Grains, LeaseKey Key, string Pool = GrainKeys.DefaultPool)
{
    /// <summary>The lease named as the admin API's paths name it (<c>tcp/proxy/laptop.ssh</c>), the user being the name's prefix.</summary>
    public static LeaseHandle Parse(IGrainFactory grains, string text)
    {
        var parts = text.Split('/', 3);
        var protocol = Protocols.Parse(parts[0]) ?? throw new ArgumentException($"'{text}' names no protocol");
        return new(grains, parts[1] == "group" ? LeaseKey.ForGroup(protocol, parts[2]) : LeaseKey.ForProxy(protocol, LeaseKeys.UserOf(parts[2]), parts[2]));
    }

    private IUserGrain User => Grains.User(Pool, Key.User);

    private IGroupGrain Group => Grains.Group(Pool, Key.Protocol, Key.Name);

    public Task<Allocation> AcquireAsync(LeaseRequest request) => Key.IsGroup
        ? Group.AcquireAsync(new GroupRequest(LeaseKeys.UserOf(request.ProxyName), request.ProxyName, request.RequestedPort, request.RunId))
        : User.AcquireAsync(new ProxyRequest(Key.Protocol, Key.Name, request.RequestedPort, request.RunId));

    public Task CloseAsync(string runId) => Key.IsGroup ? Task.CompletedTask : User.CloseAsync(Key.Name, runId);

    public Task<LeaseInfo?> GetAsync() => Key.IsGroup ? Group.GetAsync() : User.GetAsync(Key.Protocol, Key.Name);

    /// <summary>Releases the lease whether its proxy is online or not (as <c>?force=true</c> does); null when none was held.</summary>
    public async Task<LeaseInfo?> ReleaseAsync() =>
        await ForceReleaseAsync() switch
        {
            Release.Released(var lease) => lease,
            _ => null,
        };

    /// <summary>What a forced release answers.</summary>
    public Task<Release> ForceReleaseAsync() =>
        Key.IsGroup ? Group.ReleaseAsync(force: true) : User.ReleaseAsync(Key.Protocol, Key.Name, force: true);

    public async Task<LeaseInfo?> ExpireAsync(TimeSpan expiry) => Key.IsGroup
        ? await Group.ExpireAsync(expiry)
        : (await User.ExpireAsync(expiry)).FirstOrDefault(l => l.LastProxyName == Key.Name && l.Protocol == Key.Protocol.Name());
}
