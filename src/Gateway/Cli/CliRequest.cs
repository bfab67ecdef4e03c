namespace PortKeeper.Gateway.Cli;

/// <summary>
/// What a command asks of the node: one admin API call (<paramref name="Path"/> with its query), its body
/// (<paramref name="Body"/> as given, or the file <paramref name="BodyFile"/>), how the answer is shown,
/// where it is written (<paramref name="OutputFile"/>, else standard output), and whether the pages of a
/// listing are followed to the last (<paramref name="AllPages"/>).
/// </summary>
public sealed record CliRequest(
    HttpMethod Method, string Path, CliView View, string? Body = null, string? BodyFile = null, string? OutputFile = null, bool AllPages = false);
