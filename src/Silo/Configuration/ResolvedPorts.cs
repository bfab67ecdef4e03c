using Microsoft.Extensions.Configuration;
using PortKeeper.Domain;

namespace PortKeeper.Silo.Configuration;

/// <summary>
/// Reads the frps config and resolves the port range once per set of options, so that start-up
/// validation and the <see cref="PortRange"/> singleton share one file read.
/// </summary>
internal sealed class ResolvedPorts(IConfiguration? configuration)
{
    private readonly Lock _gate = new();
    private (string? Allow, string? Exclude, string? Frps) _key;
    private Parsed<PortRange>? _result;

    /// <summary>The range for <paramref name="o"/>, or one line naming the option at fault.</summary>
    public Parsed<PortRange> For(PortKeeperOptions o)
    {
        var key = (o.AllowPorts, o.ExcludePorts, o.FrpsConfig);
        lock (_gate)
        {
            if (_result is null || _key != key)
            {
                _result = Resolve(o);
                _key = key;
            }
            return _result;
        }
    }

    private Parsed<PortRange> Resolve(PortKeeperOptions o)
    {
        FrpsSettings? frps = null;
        if (!string.IsNullOrWhiteSpace(o.FrpsConfig))
        {
            switch (FrpsConfigReader.Read(o.FrpsConfig))
            {
                case Parsed<FrpsSettings>.Ok ok:
                    frps = ok.Value;
                    break;
                case Parsed<FrpsSettings>.Error e:
                    return new Parsed<PortRange>.Error($"{OptionNames.AsTyped(configuration, OptionNames.FrpsConfig)}: {e.Message}");
            }
        }
        return PortRangeResolver.Resolve(o, frps);
    }
}
