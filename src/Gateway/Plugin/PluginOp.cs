namespace PortKeeper.Gateway.Plugin;

/// <summary>The operations frps sends to a server plugin, spelled as on the wire.</summary>
public enum PluginOp
{
    /// <summary>A client logs in.</summary>
    Login,

    /// <summary>A client registers a proxy; the only op that takes a port.</summary>
    NewProxy,

    /// <summary>A proxy closed; frps ignores the answer.</summary>
    CloseProxy,

    /// <summary>A client heartbeat.</summary>
    Ping,

    /// <summary>A client opens a work connection.</summary>
    NewWorkConn,

    /// <summary>A user connects to a proxy.</summary>
    NewUserConn,
}
