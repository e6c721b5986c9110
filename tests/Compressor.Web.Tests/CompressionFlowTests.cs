using System.Text.RegularExpressions;
using Compressor.Testing.Paths;
using Microsoft.Playwright;

namespace Compressor.Web.Tests;

/// <summary>The main loop of the UI: compress in the playground, find it in the history, inspect the detail view.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CompressionFlowTests(WebAppFixture app)
{
    private static readonly string[] KnownActions = ["kept", "rewritten", "dropped", "verbatim", "minified", "extracted", "partial"];

    [Fact]
    public async Task Playground_extract_lands_on_the_detail_view_and_the_history_lists_it_with_keywords_and_chunk_map()
    {
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;

        await browser.GoToAsync("#/playground");
        await page.Locator("textarea[name=text]").FillAsync(SampleTexts.Travel);
        await page.Locator("input[name=question]").FillAsync("When does the ferry to Zanzibar leave?");
        await page.Locator("select[name=method]").SelectOptionAsync("extract");
        await page.Locator("select[name=target_kind]").SelectOptionAsync("ratio");
        await page.Locator("input[name=target_value]").FillAsync("0.35");
        await page.Locator("input[name=keep]").FillAsync("Zanzibar, 42 kg");
        await browser.ScreenshotAsync("playground");

        var id = await browser.CompressAndOpenDetailAsync();
        Assert.Matches(DetailUrl(), page.Url);
        await AssertDetailViewAsync(page);

        // The history lists it (the record is written in the background: look again until it is there).
        var row = page.Locator($"table.history tr[data-id='{id}']");
        await UntilAsync(async () =>
        {
            await browser.GoToAsync("#/history");
            await page.Locator(".results table, .results .empty, .results .problem").First.WaitForAsync();
            return await row.CountAsync() == 1;
        });
        var rowText = await row.InnerTextAsync();
        Assert.Contains("extract", rowText, StringComparison.Ordinal);
        Assert.Contains("The harbour office opens", rowText, StringComparison.Ordinal);
        await browser.ScreenshotAsync("history");

        // Filters: method and text search keep it; another method hides it.
        await page.Locator("form.filters select[name=method]").SelectOptionAsync("extract");
        await page.Locator("form.filters input[name=q]").FillAsync("Zanzibar");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("method=extract.*q=Zanzibar"));
        await row.WaitForAsync();
        await page.Locator("form.filters select[name=method]").SelectOptionAsync("truncate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("method=truncate"));
        await page.Locator(".results .empty, .results table").First.WaitForAsync();
        Assert.Equal(0, await row.CountAsync());

        // Back to all, then open the detail view from its row, with the keyboard.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await row.WaitForAsync();
        await row.Locator("td.preview a").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex($"#/c/{id}$"));
        await AssertDetailViewAsync(page);

        var shot = await browser.ScreenshotAsync("detail");
        var docs = Path.Combine(RepositoryPaths.Root, "docs");
        Directory.CreateDirectory(docs);
        File.Copy(shot, Path.Combine(docs, "screenshot-detail.png"), overwrite: true);

        Assert.Empty(browser.Errors);
    }

    private static async Task AssertDetailViewAsync(IPage page)
    {
        // The chunk map: spans of the original coloured by action, one table row per chunk.
        var chunks = page.Locator(".pane-original .textmap .chunk");
        await chunks.First.WaitForAsync();
        var count = await chunks.CountAsync();
        Assert.True(count >= 2, $"expected a chunk map with several chunks, got {count}");
        var actions = await chunks.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)");
        Assert.All(actions, a => Assert.Contains(a, KnownActions));
        Assert.Contains(actions, a => a is "dropped");
        Assert.Equal(count, await page.Locator("table.chunk-table tbody tr").CountAsync());

        // Required keywords highlighted in the original and marked kept/restored in the output.
        var chip = page.Locator(".kw-chip[data-keyword='Zanzibar']");
        await chip.WaitForAsync();
        Assert.Contains(await chip.GetAttributeAsync("data-status"), new[] { "kept", "restored" });
        Assert.True(await page.Locator(".pane-original mark.kw[data-keyword='Zanzibar']").CountAsync() >= 1);
        var outputMarks = await page.Locator(".pane-compressed mark.kw").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.status)");
        Assert.NotEmpty(outputMarks);
        Assert.Contains(outputMarks, s => s is "kept" or "restored");
        Assert.Contains("42 kg", await page.Locator(".pane-compressed").InnerTextAsync(), StringComparison.Ordinal);

        // Stats: tokens, ratio, timings by stage, model and fingerprint.
        var stats = await page.Locator("section.stats").InnerTextAsync();
        Assert.Contains("tiny", stats, StringComparison.Ordinal);
        Assert.Contains("Timings by stage", stats, StringComparison.Ordinal);
        Assert.Matches(TokensArrow(), stats);
        Assert.Equal(0, await page.Locator(".problem").CountAsync());
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail("the condition did not become true within 10 seconds");
    }

    [GeneratedRegex(@"#/c/[0-9a-f-]{36}$")]
    private static partial Regex DetailUrl();

    [GeneratedRegex(@"\d+ → \d+")]
    private static partial Regex TokensArrow();
}
