using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace PortKeeper.Gateway.Status;

/// <summary>
/// Holds the keys that protect session cookies in the node's memory only: nothing is written to disk
/// (no home folder is needed), and every session ends with the process.
/// </summary>
public sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    /// <inheritdoc/>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    /// <inheritdoc/>
    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_elements)
        {
            _elements.Add(new XElement(element));
        }
    }
}
