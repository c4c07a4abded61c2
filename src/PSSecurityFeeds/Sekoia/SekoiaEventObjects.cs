using System.Management.Automation;
using System.Text.Json;
using PSSecurityFeeds.Core.Sekoia;

namespace PSSecurityFeeds.Sekoia
{
    /// <summary>Sekoia events as PSCustomObjects, nested as ConvertFrom-Json makes them, typed for the format views.</summary>
    internal sealed class SekoiaEventObjects : JsonObjectMapper
    {
        public const string TypeName = "PSSecurityFeeds.SekoiaEvent";

        public PSObject ToEvent(JsonElement json)
        {
            var mapped = Map(json) as PSObject ?? new PSObject();
            mapped.TypeNames.Insert(0, TypeName);
            return mapped;
        }

        protected override object NewObject() => new PSObject();

        protected override void SetProperty(object target, string name, object? value)
        {
            var properties = ((PSObject)target).Properties;
            if (properties[name] is not null)
            {
                properties.Remove(name);
            }

            properties.Add(new PSNoteProperty(name, value));
        }
    }
}
