namespace PortKeeper.Grains;

/// <summary>Names under which grain state is stored. Renaming one orphans the stored rows.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider every PortKeeper grain uses.</summary>
    public const string Provider = "portkeeper";

    /// <summary>State name of user grains.</summary>
    public const string UserState = "user";

    /// <summary>State name of group grains.</summary>
    public const string GroupState = "group";

    /// <summary>State name of the import grain (what <c>--import</c> took over).</summary>
    public const string ImportState = "import";

    /// <summary>State name of the port pool grain.</summary>
    public const string PoolState = "pool";
}
