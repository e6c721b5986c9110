namespace Compressor.Engine.Tests.Latent;

[CollectionDefinition(Name)]
public sealed class LatentCollection : ICollectionFixture<LatentFixture>
{
    public const string Name = "latent";
}
