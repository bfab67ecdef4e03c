namespace PortKeeper.Gateway.Status;

/// <summary>
/// How many failed sign-ins and wrong admin tokens one client address may give per window: a
/// fixed window opened by the first failure; once <see cref="MaxFailures"/> are counted, every
/// credential of that address (a correct one too) is refused until the window ends. A pure policy:
/// the time is always a parameter.
/// </summary>
public sealed record SignInLimit(int MaxFailures, TimeSpan Window)
{
    /// <summary>10 failures a minute.</summary>
    public static SignInLimit Default { get; } = new(10, TimeSpan.FromMinutes(1));

    /// <summary>Null when a credential may be tried at <paramref name="now"/>; else how long until it may.</summary>
    public TimeSpan? RetryAfter(FailureWindow? window, DateTimeOffset now) =>
        window is { } w && now < w.Start + Window && w.Failures >= MaxFailures ? w.Start + Window - now : null;

    /// <summary>The window after one more failure at <paramref name="now"/>: a new one once the last has passed.</summary>
    public FailureWindow Fail(FailureWindow? window, DateTimeOffset now) =>
        window is { } w && now < w.Start + Window ? w with { Failures = w.Failures + 1 } : new FailureWindow(now, 1);

    /// <summary>Whether <paramref name="window"/> no longer counts at <paramref name="now"/> (and can be forgotten).</summary>
    public bool Expired(FailureWindow window, DateTimeOffset now) =>
        now >= (window ?? throw new ArgumentNullException(nameof(window))).Start + Window;
}
