namespace Compressor.Client.Tests;

/// <summary>The test classes that share one service.</summary>
[CollectionDefinition(Name)]
public sealed class ServiceGroup : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
