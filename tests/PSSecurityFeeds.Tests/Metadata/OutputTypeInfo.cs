using System.Collections.Generic;

namespace PSSecurityFeeds.Tests.Metadata;

/// <summary>One [OutputType] attribute: the type names it gives and the parameter sets it is for.</summary>
public sealed record OutputTypeInfo(IReadOnlyList<string> TypeNames, IReadOnlyList<string> ParameterSets);
