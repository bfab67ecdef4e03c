using System.Net;
using System.Net.Sockets;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// Counts failed sign-ins and wrong admin tokens per client address under a <see cref="SignInLimit"/>,
/// in memory (per node). IPv6 clients count per /64 network, which one client usually has whole.
/// At most <see cref="MaxAddresses"/> addresses are tracked; past that the oldest window is forgotten.
/// </summary>
public sealed class SignInGuard(SignInLimit limit, TimeProvider clock)
{
    /// <summary>Addresses tracked at most.</summary>
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<string, FailureWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>The policy in force.</summary>
    public SignInLimit Limit { get; } = limit;

    /// <summary>Null when <paramref name="address"/> may try a credential now; else how long until it may.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        var key = Key(address);
        lock (_windows)
        {
            return Limit.RetryAfter(_windows.GetValueOrDefault(key), clock.GetUtcNow());
        }
    }

    /// <summary>Counts one failed credential of <paramref name="address"/>.</summary>
    public void Failed(IPAddress? address)
    {
        var key = Key(address);
        var now = clock.GetUtcNow();
        lock (_windows)
        {
            if (!_windows.ContainsKey(key) && _windows.Count >= MaxAddresses)
            {
                Prune(now);
            }
            _windows[key] = Limit.Fail(_windows.GetValueOrDefault(key), now);
        }
    }

    /// <summary>The address's counting key: the IPv4 address, an IPv6 address's /64 network, or <c>unknown</c>.</summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    // Forgets every passed window, and the oldest one when none has passed.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, _) in _windows.Where(w => Limit.Expired(w.Value, now)).ToList())
        {
            _windows.Remove(key);
        }
        if (_windows.Count >= MaxAddresses)
        {
            _windows.Remove(_windows.MinBy(w => w.Value.Start).Key);
        }
    }
}
