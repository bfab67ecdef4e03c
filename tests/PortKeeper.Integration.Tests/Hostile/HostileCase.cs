using System.Text.Json.Nodes;

namespace PortKeeper.Integration.Tests.Hostile;

/// <summary>What a proxy of the fixed set gets on every NewProxy.</summary>
public enum KnownOutcome
{
    /// <summary>Its own port, the same every time.</summary>
    Port,

    /// <summary>A refusal: its remote_port is outside the allow ports.</summary>
    OutsideRange,

    /// <summary>A refusal: it has no user.</summary>
    NoUser,

    /// <summary>Unchanged: a type that takes no port.</summary>
    Unchanged,
}

/// <summary>A proxy of the fixed set whose valid requests the fuzz run mixes in.</summary>
public sealed record KnownProxy(string User, string Name, string Type, KnownOutcome Outcome, int? RemotePort = null, string? Group = null)
{
    public bool TakesPort => Outcome == KnownOutcome.Port;
}

/// <summary>What the answer to a case must be: a closed set.</summary>
public abstract record Expect
{
    private Expect() { }

    /// <summary>The proxy's own answer: its port with the content echoed, its refusal, or unchanged.</summary>
    public sealed record Known(KnownProxy Proxy, JsonObject? Content) : Expect;

    /// <summary>200 <c>{"reject":false,"unchange":true}</c>.</summary>
    public sealed record Unchanged : Expect;

    /// <summary>400 <c>{"error":"VALIDATEERR","message":..}</c>.</summary>
    public sealed record Invalid : Expect;

    /// <summary>404 with a JSON body: a path of no pool.</summary>
    public sealed record NoPool : Expect;

    /// <summary>405: not a POST.</summary>
    public sealed record WrongMethod : Expect;

    /// <summary>Broken HTTP: a 4xx (Kestrel's own, or VALIDATEERR), or the connection closed without an answer.</summary>
    public sealed record HttpFault : Expect;
}

/// <summary>How a case is sent.</summary>
public enum Transport
{
    /// <summary>Through HttpClient: well-formed HTTP, any body and headers.</summary>
    Http,

    /// <summary>Bytes written to a socket as they are (<see cref="HostileCase.Body"/> is the whole request).</summary>
    Raw,
}

/// <summary>One generated request and what its answer must be.</summary>
public sealed record HostileCase(
    int Index,
    string Kind,
    Expect Expect,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    bool Chunked = false,
    Transport Transport = Transport.Http,
    bool HalfClose = false);
