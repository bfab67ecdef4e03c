namespace PortKeeper.Contracts;

/// <summary>Where a listing stopped: the last port of a page, in its text form <c>tcp:20005</c>.</summary>
[GenerateSerializer, Immutable, Alias("PortKeeper.PortCursor")]
public readonly record struct PortCursor([property: Id(0)] Protocol Protocol, [property: Id(1)] int Port)
{
    /// <summary>The cursor's text form, e.g. <c>tcp:20005</c>.</summary>
    public override string ToString() => $"{Protocol.Name()}:{Port}";

    /// <summary>The cursor <paramref name="text"/> names; null when it names none.</summary>
    public static PortCursor? Parse(string? text) =>
        text?.Split(':') is [var protocol, var port] && Protocols.Parse(protocol) is { } p
            && int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= 65535
            ? new PortCursor(p, n)
            : null;
}
