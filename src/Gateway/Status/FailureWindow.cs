namespace PortKeeper.Gateway.Status;

/// <summary>The failed credentials one client address has given in its current window.</summary>
public sealed record FailureWindow(DateTimeOffset Start, int Failures);
