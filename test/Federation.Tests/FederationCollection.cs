namespace Dtaas.Federation.Tests;

/// <summary>The clusters here take the machine's cores; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class FederationCollection
{
    public const string Name = "Federation";
}
