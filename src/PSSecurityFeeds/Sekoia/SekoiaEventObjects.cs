using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using PSSecurityFeeds.Core.Sekoia;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Sekoia events as PSCustomObjects, nested as ConvertFrom-Json makes them, typed for the format views.</summary>
    internal sealed class SekoiaEventObjects : JsonObjectMapper
    {
        public const string TypeName = "PSSecurityFeeds.SekoiaEvent";

        /// <summary>An event object; <paramref name="json"/> must be a JSON object.</summary>
        public PSObject ToEvent(JsonElement json)
        {
            var mapped = (PSObject)Map(json)!;
            mapped.TypeNames.Insert(0, TypeName);
            return mapped;
        }

        protected override object NewObject(IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            var mapped = new PSObject();
            var members = mapped.Properties;
            foreach (var property in properties)
            {
                // The names are known to differ: no lookup of each one first (the costliest step of building the object).
                members.Add(new PSNoteProperty(property.Key, property.Value), preValidated: true);
            }

            return mapped;
        }
    }
}
