using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Parley.Storage;

namespace Parley.Web;

/// <summary>
/// The dashboard's data-protection keys kept in a PostgreSQL run store (table <c>data_protection_keys</c>), so that every
/// dashboard sharing the store protects and reads cookies and form tokens with the same keys. Unencrypted, as the key
/// folder beside a SQLite store is: protect the database as the store itself.
/// </summary>
/// <param name="location">The store.</param>
internal sealed class StoreKeyRepository(StoreLocation location) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using RunStore store = RunStore.Open(location);
        return [.. store.DataProtectionKeys().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using RunStore store = RunStore.Open(location);
        store.SaveDataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}
