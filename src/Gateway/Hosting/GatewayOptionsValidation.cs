using Microsoft.Extensions.Options;
using PortKeeper.Domain;

namespace PortKeeper.Gateway.Hosting;

/// <summary>Checks <see cref="GatewayOptions"/> at start-up, naming the option at fault.</summary>
public sealed class GatewayOptionsValidation : IValidateOptions<GatewayOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        string? path = options.PluginPath;
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
        {
            failures.Add($"{GatewayOptions.Section}:PluginPath must start with '/', not '{path}'");
        }
        if (options.AnswerTimeout <= TimeSpan.Zero || options.AnswerTimeout >= TimeSpan.FromSeconds(20))
        {
            failures.Add($"{GatewayOptions.Section}:AnswerTimeout must be above 0 and below 20 s (frpc re-sends after 20 s), not {options.AnswerTimeout}");
        }
        if (options.MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add($"{GatewayOptions.Section}:MaxBodyBytes must be from 1024 to 16777216, not {options.MaxBodyBytes}");
        }
        if (AllowPorts.Parse(options.AllowPorts) is Parsed<PortRange>.Error error)
        {
            failures.Add($"{GatewayOptions.Section}:AllowPorts: {error.Message}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
