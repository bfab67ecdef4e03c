namespace PortKeeper.Silo.Storage;

/// <summary>Identifies one stored state: the state name of the grain plus its grain id.</summary>
internal readonly record struct StateKey(string StateName, string GrainId);
