using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;

namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>
    /// The base of the module's read-only name/value collections (headers, vendor fields). Besides the typed
    /// dictionary it is a non-generic IDictionary, which is what PowerShell looks for: dot access by name
    /// ($r.HeadersIn.Host, null when absent), ConvertTo-Json writes an object of names, and the pipeline keeps
    /// it whole, as with a hashtable. It prints as "name: value; name: value", so Export-Csv writes the values.
    /// </summary>
    public abstract class NamedValues<TValue> : IReadOnlyDictionary<string, TValue>, IDictionary
    {
        /// <summary>The names, in the order the vendor gave them.</summary>
        public abstract IEnumerable<string> Keys { get; }

        public abstract int Count { get; }

        public IEnumerable<TValue> Values => Keys.Select(key => this[key]);

        ICollection IDictionary.Keys => Keys.ToList();

        ICollection IDictionary.Values => Values.ToList();

        bool IDictionary.IsReadOnly => true;

        bool IDictionary.IsFixedSize => true;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => this;

        public virtual TValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"There is no field '{key}'.");

        object? IDictionary.this[object key]
        {
            get => key is string name && TryGetValue(name, out var value) ? value : null;
            set => throw ReadOnly();
        }

        /// <summary>Looks a name up without regard to case.</summary>
        public abstract bool TryGetValue(string key, out TValue value);

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        bool IDictionary.Contains(object key) => key is string name && ContainsKey(name);

        public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() =>
            Keys.Select(key => new KeyValuePair<string, TValue>(key, this[key])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        // PowerShell (ConvertTo-Json, formatting) walks an IDictionary as DictionaryEntry items, in the order given.
        IDictionaryEnumerator IDictionary.GetEnumerator()
        {
            var entries = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in this)
            {
                entries.Add(pair.Key, pair.Value);
            }

            return entries.GetEnumerator();
        }

        void IDictionary.Add(object key, object? value) => throw ReadOnly();

        void IDictionary.Clear() => throw ReadOnly();

        void IDictionary.Remove(object key) => throw ReadOnly();

        void ICollection.CopyTo(Array array, int index)
        {
            foreach (var pair in this)
            {
                array.SetValue(new DictionaryEntry(pair.Key, pair.Value), index++);
            }
        }

        public override string ToString() => string.Join("; ", this.Select(pair => pair.Key + ": " + pair.Value));

        private static NotSupportedException ReadOnly() => new NotSupportedException("The fields of an event cannot be changed.");
    }
}
