using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;
using PSSecurityFeeds.Core.Sekoia;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>
    /// Sekoia events as PSCustomObjects, nested as ConvertFrom-Json makes them ($_.source.ip), typed for the
    /// format views, with the module's common event properties (Vendor, Time, ClientIP, ...) in front. A field
    /// of the event that has a common property's name (ECS host, tags) is kept as the vendor sent it.
    /// </summary>
    internal sealed class SekoiaEventObjects : JsonObjectMapper
    {
        public const string TypeName = "PSSecurityFeeds.SekoiaEvent";

        /// <summary>An event object; <paramref name="json"/> must be a JSON object.</summary>
        public PSObject ToEvent(JsonElement json)
        {
            var common = SekoiaEventFields.Of(json);
            var target = (PSObject)MapObject(json, new[]
            {
                Property(nameof(common.Vendor), common.Vendor),
                Property(nameof(common.Time), common.Time),
                Property(nameof(common.ClientIP), common.ClientIP),
                Property(nameof(common.Host), common.Host),
                Property(nameof(common.Method), common.Method),
                Property(nameof(common.Path), common.Path),
                Property(nameof(common.Status), common.Status),
                Property(nameof(common.Action), common.Action),
                Property(nameof(common.RuleIds), common.RuleIds),
                Property(nameof(common.Tags), common.Tags),
            });
            target.TypeNames.Insert(0, TypeName);
            return target;
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

        private static KeyValuePair<string, object?> Property(string name, object? value) => new KeyValuePair<string, object?>(name, value);
    }
}
