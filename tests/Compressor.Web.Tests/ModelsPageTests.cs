namespace Compressor.Web.Tests;

/// <summary>The models page lists the registry with metadata and load state.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelsPageTests(WebAppFixture app)
{
    [Fact]
    public async Task Models_page_lists_the_tiny_default_model_with_its_metadata()
    {
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        await browser.GoToAsync("#/models");
        var card = page.Locator("article.model[data-id='tiny']");
        await card.WaitForAsync();
        var text = await card.InnerTextAsync();
        Assert.Contains("default", text, StringComparison.Ordinal);
        Assert.Contains("llama", text, StringComparison.Ordinal);
        Assert.Contains("tiny.gguf", text, StringComparison.Ordinal);
        Assert.Contains("Database", await page.Locator("section.panel").First.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("models");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Unknown_compression_shows_the_services_not_found_message()
    {
        await using var browser = await app.NewPageAsync();
        await browser.GoToAsync($"#/c/{Guid.NewGuid()}");
        var problem = browser.Page.Locator(".problem[role=alert]");
        await problem.WaitForAsync();
        Assert.Contains("404", await problem.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.Errors);
    }
}
