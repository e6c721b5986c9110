namespace Compressor.Web.Tests;

/// <summary>The browser tests share one service and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "browser";
}
