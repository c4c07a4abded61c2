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
            var target = new PSObject();
            var properties = target.Properties;
            properties.Add(new PSNoteProperty(nameof(common.Vendor), common.Vendor));
            properties.Add(new PSNoteProperty(nameof(common.Time), common.Time));
            properties.Add(new PSNoteProperty(nameof(common.ClientIP), common.ClientIP));
            properties.Add(new PSNoteProperty(nameof(common.Host), common.Host));
            properties.Add(new PSNoteProperty(nameof(common.Method), common.Method));
            properties.Add(new PSNoteProperty(nameof(common.Path), common.Path));
            properties.Add(new PSNoteProperty(nameof(common.Status), common.Status));
            properties.Add(new PSNoteProperty(nameof(common.Action), common.Action));
            properties.Add(new PSNoteProperty(nameof(common.RuleIds), common.RuleIds));
            properties.Add(new PSNoteProperty(nameof(common.Tags), common.Tags));
            foreach (var field in json.EnumerateObject())
            {
                SetProperty(target, field.Name, Map(field.Value));
            }

            target.TypeNames.Insert(0, TypeName);
            return target;
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
