using System;
using System.Collections;
using System.Collections.Generic;

namespace PSSecurityFeeds.Core.Vocabulary
{
    /// <summary>
    /// A read-only list of values that prints as its items joined with commas. Export-Csv writes a property's
    /// ToString(), so a list property shows its values ("SQLI,XSS") instead of a type name, while PowerShell
    /// still sees a list for -contains, indexing, member enumeration ($e.Rules.Action) and ConvertTo-Json.
    /// A struct over the array it is given, like ImmutableArray: wrapping costs no allocation per event.
    /// </summary>
    public readonly struct ValueList<T> : IReadOnlyList<T>
    {
        private readonly T[]? _items;

        /// <summary>Wraps the array without copying it: the caller hands it over.</summary>
        public ValueList(T[] items)
        {
            _items = items;
        }

        public static ValueList<T> Empty => new ValueList<T>(Array.Empty<T>());

        public int Count => Items.Length;

        private T[] Items => _items ?? Array.Empty<T>();

        public T this[int index] => Items[index];

        public static implicit operator ValueList<T>(T[] items) => new ValueList<T>(items);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => Items.GetEnumerator();

        public override string ToString() => string.Join(",", Items);
    }
}
