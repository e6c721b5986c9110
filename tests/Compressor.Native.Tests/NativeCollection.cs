namespace Compressor.Native.Tests;

/// <summary>Tests sharing one loaded model.</summary>
[CollectionDefinition(Name)]
public sealed class NativeCollection : ICollectionFixture<NativeFixture>
{
    public const string Name = "native";
}
