using Microsoft.Playwright;

namespace Compressor.Web.Tests;

/// <summary>A page in its own browser context, collecting uncaught script errors so each test can assert there were none.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, message) => { lock (_errors) { _errors.Add(message); } };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Opens a hash route (#/history, #/c/id, ...) and waits for the app's first render.</summary>
    public async Task GoToAsync(string hashRoute)
    {
        await Page.GotoAsync($"/{hashRoute}");
        await Page.WaitForSelectorAsync("main .view");
    }

    /// <summary>A full-page screenshot in artifacts/screenshots; returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(WebAppFixture.ScreenshotDirectory, $"{name}.png");

        // From the top, so the sticky header sits where it belongs in a full-page shot.
        await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Clicks "Compress" in the playground and waits for the detail view; a problem shown instead fails with its text.</summary>
    public async Task<string> CompressAndOpenDetailAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Compress", Exact = true }).ClickAsync();
        var outcome = Page.Locator(".view-history .pane-original, .view-playground .problem");
        await outcome.First.WaitForAsync(new() { Timeout = 90_000 });
        var problem = Page.Locator(".view-playground .problem");
        if (await problem.CountAsync() > 0)
        {
            Assert.Fail($"the playground showed a problem instead of the result: {await problem.First.InnerTextAsync()}");
        }

        var url = Page.Url;
        Assert.Contains("#/c/", url, StringComparison.Ordinal);
        return url[(url.LastIndexOf('/') + 1)..];
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
