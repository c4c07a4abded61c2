using System.Text.Json;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Turns JSON into plain .NET values the way ConvertFrom-Json does — objects become whatever
    /// <see cref="NewObject"/> makes (a PSCustomObject in the module), arrays a <see cref="ValueList{T}"/> of
    /// objects (a list that Export-Csv prints as its values), integers long, other numbers double, true/false
    /// bool, null null — so the walking is tested here and the PowerShell side only says how to make an object
    /// and set a property.
    /// </summary>
    public abstract class JsonObjectMapper
    {
        public object? Map(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var target = NewObject();
                    foreach (var property in element.EnumerateObject())
                    {
                        SetProperty(target, property.Name, Map(property.Value));
                    }

                    return target;
                case JsonValueKind.Array:
                    var items = new object?[element.GetArrayLength()];
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        items[index++] = Map(item);
                    }

                    return new ValueList<object?>(items);
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        protected abstract object NewObject();

        /// <summary>Sets a property; a name seen twice in one object keeps its last value.</summary>
        protected abstract void SetProperty(object target, string name, object? value);
    }
}
