using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Compressor.Web.Tests;

/// <summary>Untrusted text (input, question, keep words, output) is shown as text and never run.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EscapingTests(WebAppFixture app)
{
    private const string Pwned = "() => window.__pwned === undefined";

    [Fact]
    public async Task Injected_script_and_img_onerror_in_the_input_are_shown_as_text_and_not_executed()
    {
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        await browser.GoToAsync("#/playground");
        await page.Locator("textarea[name=text]").FillAsync(SampleTexts.Injection);
        await page.Locator("input[name=question]").FillAsync("<img src=y onerror=\"window.__pwned='question'\"> where is the meeting?");
        await page.Locator("select[name=method]").SelectOptionAsync("extract");
        await page.Locator("input[name=target_value]").FillAsync("0.6");
        await page.Locator("input[name=keep]").FillAsync("<b>bold</b>");
        var id = await browser.CompressAndOpenDetailAsync();
        Assert.Matches(DetailUrl(), page.Url);

        await page.Locator(".pane-original .textmap").WaitForAsync();
        await AssertNothingRanAsync(page);
        var original = await page.Locator(".pane-original").InnerTextAsync();
        Assert.Contains("<script>window.__pwned = 'script';</script>", original, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=\"window.__pwned='img'\">", original, StringComparison.Ordinal);
        Assert.Contains("<img src=y onerror", await page.Locator("section.stats").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("<b>bold</b>", await page.Locator(".kw-list").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("detail-injection");

        // The history preview too (after the background writer stored the record).
        var row = page.Locator($"table.history tr[data-id='{id}']");
        for (var attempt = 0; attempt < 40 && await row.CountAsync() == 0; attempt++)
        {
            await browser.GoToAsync("#/history");
            await page.Locator(".results table, .results .empty, .results .problem").First.WaitForAsync();
            if (await row.CountAsync() == 0)
            {
                await Task.Delay(250);
            }
        }

        Assert.Contains("<script>", await row.InnerTextAsync(), StringComparison.Ordinal);
        await AssertNothingRanAsync(page);
        Assert.Empty(browser.Errors);
    }

    private static async Task AssertNothingRanAsync(IPage page)
    {
        // onerror/onload handlers fire asynchronously: give them the chance to.
        await page.WaitForTimeoutAsync(500);
        Assert.True(await page.EvaluateAsync<bool>(Pwned), "injected markup ran");
        Assert.Equal(0, await page.Locator("main script, main img, main svg, main iframe, main b").CountAsync());
    }

    [GeneratedRegex(@"#/c/[0-9a-f-]{36}$")]
    private static partial Regex DetailUrl();
}
