using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using PortKeeper.Silo.Configuration;

namespace PortKeeper.Gateway.Cli;

/// <summary>
/// Runs an operator's command: the thin shell around <see cref="CliCommands"/> (the parse),
/// <see cref="CliViews"/> (the text) and <see cref="CliErrors"/> (the failures), doing the HTTP call and the files.
/// </summary>
public static class OperatorCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs the command of <paramref name="args"/> and returns its exit code (<see cref="CliExit"/>).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var program = Assembly.GetEntryAssembly();
        var version = program?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var environment = new Dictionary<string, string?>
        {
            [CliCommands.NodeVariable] = Environment.GetEnvironmentVariable(CliCommands.NodeVariable),
            [CliCommands.TokenVariable] = Environment.GetEnvironmentVariable(CliCommands.TokenVariable),
        };
        switch (CliCommands.Parse(args, environment, CommandLineHelp.For(["--help"], CommandLineHelp.Invocation(Environment.ProcessPath, program?.GetName().Name ?? CommandLineHelp.Program), version)!))
        {
            case CliParse.Print(var text, var code):
                await (code == CliExit.Ok ? Console.Out : Console.Error).WriteAsync(text);
                return code;
            case CliParse.Call(var target, var request):
                var (output, failure) = await CallAsync(target, request);
                if (failure is var (line, exitCode))
                {
                    await Console.Error.WriteLineAsync($"portkeeper: {line}");
                    return exitCode;
                }
                await Console.Out.WriteAsync(output);
                return CliExit.Ok;
            default:
                throw new InvalidOperationException("unknown parse");
        }
    }

    // The text to print, or the failure's line and exit code.
    private static async Task<(string? Output, (string Line, int ExitCode)? Failure)> CallAsync(CliTarget target, CliRequest request)
    {
        if (target.Token is null)
        {
            return (null, CliErrors.NoToken);
        }
        string? body = request.Body;
        if (request.BodyFile is { } file)
        {
            try
            {
                body = await File.ReadAllTextAsync(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, CliErrors.File("read", file, e.Message));
            }
        }
        using var http = new HttpClient { BaseAddress = new Uri(target.Node.AbsoluteUri.TrimEnd('/') + "/"), Timeout = Timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.Token);
        var (text, failure) = await SendAsync(http, target.Node, request.Method, request.Path, body);
        if (failure is not null)
        {
            return (null, failure);
        }
        if (request.AllPages)
        {
            (text, failure) = await AllPagesAsync(http, target.Node, request.Path, text!);
            if (failure is not null)
            {
                return (null, failure);
            }
        }
        if (request.OutputFile is { } output)
        {
            try
            {
                await File.WriteAllTextAsync(output, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, CliErrors.File("write", output, e.Message));
            }
            return (CliViews.Exported(JsonNode.Parse(text!)!, output), null);
        }
        return (target.Json || JsonNode.Parse(text!) is not { } answer ? text + "\n" : CliViews.Render(request.View, answer), null);
    }

    // Follows the listing's next pages, and answers them as one page of every item.
    private static async Task<(string? Text, (string, int)? Failure)> AllPagesAsync(HttpClient http, Uri node, string path, string first)
    {
        var page = JsonNode.Parse(first)!;
        var items = new JsonArray();
        while (true)
        {
            foreach (var item in page["items"]!.AsArray().ToList())
            {
                items.Add(item!.DeepClone());
            }
            if (page["next"]?.GetValue<string>() is not { } next)
            {
                return (new JsonObject { ["items"] = items, ["next"] = null }.ToJsonString(), null);
            }
            var (text, failure) = await SendAsync(http, node, HttpMethod.Get, $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}after={Uri.EscapeDataString(next)}", null);
            if (failure is not null)
            {
                return (null, failure);
            }
            page = JsonNode.Parse(text!)!;
        }
    }

    private static async Task<(string? Text, (string, int)? Failure)> SendAsync(HttpClient http, Uri node, HttpMethod method, string path, string? body)
    {
        using var message = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await http.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode
                ? (text, null)
                : (null, CliErrors.Answer(node, (int)response.StatusCode, response.ReasonPhrase, text));
        }
        catch (HttpRequestException e)
        {
            return (null, CliErrors.Unreachable(node, e.InnerException is SocketException socket ? socket.Message.ToLowerInvariant() : e.Message));
        }
        catch (TaskCanceledException)
        {
            return (null, CliErrors.Unreachable(node, $"no answer within {Timeout.TotalSeconds:0} s"));
        }
    }
}
