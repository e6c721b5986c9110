using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Compressor.Web.Tests;

/// <summary>
/// The detail view's per-method layouts. truncate runs against the real service; attention and latent
/// records (methods still being built) are served to the page by a Playwright route in the shape the
/// API contract gives, so the heat map's paging over thousands of tokens is checked now.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MethodViewTests(WebAppFixture app)
{
    [Fact]
    public async Task Truncate_detail_shows_kept_spans_over_the_original()
    {
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        await browser.GoToAsync("#/playground");
        await page.Locator("textarea[name=text]").FillAsync(SampleTexts.Travel);
        await page.Locator("select[name=method]").SelectOptionAsync("truncate");
        await page.Locator("select[name=target_kind]").SelectOptionAsync("tokens");
        await page.Locator("input[name=target_value]").FillAsync("120");
        await browser.CompressAndOpenDetailAsync();

        var spans = page.Locator(".pane-original .textmap .chunk");
        await spans.First.WaitForAsync();
        var actions = await spans.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)");
        Assert.Contains("kept", actions);
        Assert.Contains("dropped", actions);
        Assert.StartsWith("The harbour office", (await page.Locator(".pane-compressed").InnerTextAsync())[("Compressed".Length)..].TrimStart(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("detail-truncate");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Attention_heat_map_pages_through_thousands_of_tokens()
    {
        const int tokenCount = 5000;
        var text = new StringBuilder();
        var tokens = new List<object>();
        for (var i = 0; i < tokenCount; i++)
        {
            var start = text.Length;
            text.Append(CultureInfo.InvariantCulture, $"w{i % 97}");
            tokens.Add(new { start, end = text.Length, score = (i * 37 % 101) / 100.0, kept = i % 3 != 0 });
            text.Append(' ');
        }

        var record = Record("attention", text.ToString(), "w1 w2 w4", new { tokens, budget_tokens = 3334 });
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        var id = await ServeAsync(page, record);
        await browser.GoToAsync($"#/c/{id}");

        var shown = page.Locator(".heatmap .tok");
        await shown.First.WaitForAsync();
        Assert.Equal(2000, await shown.CountAsync());
        Assert.True(await page.Locator(".heatmap .tok-evicted").CountAsync() > 0);
        Assert.Contains("of 5000", await page.Locator("nav.pager[aria-label='Token pages']").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("detail-attention");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next →" }).Last.ClickAsync();
        await page.Locator("nav.pager[aria-label='Token pages']").GetByText("page 2 of 3").WaitForAsync();
        Assert.Equal(2000, await shown.CountAsync());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Latent_detail_shows_the_block_layout_and_latent_counts()
    {
        var text = SampleTexts.Travel;
        var blocks = new List<object>();
        for (int start = 0, i = 0; start < text.Length; start += 200, i++)
        {
            blocks.Add(new { start, end = Math.Min(text.Length, start + 200), text_tokens = 48, latents = 12 });
        }

        var record = Record("latent", text, "(latent vectors)", new { blocks, latent_count = blocks.Count * 12, ratio = 0.25 });
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        var id = await ServeAsync(page, record);
        await browser.GoToAsync($"#/c/{id}");

        await page.Locator(".pane-original .block").First.WaitForAsync();
        Assert.Equal(blocks.Count, await page.Locator(".pane-original .block").CountAsync());
        var table = await page.Locator(".blocks").InnerTextAsync();
        Assert.Contains("4.0×", table, StringComparison.Ordinal);
        Assert.Contains((blocks.Count * 12).ToString(CultureInfo.InvariantCulture), await page.Locator(".panel").Last.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("detail-latent");
        Assert.Empty(browser.Errors);
    }

    private static Dictionary<string, object?> Record(string method, string input, string output, object details) => new()
    {
        ["id"] = Guid.NewGuid(),
        ["created_at"] = DateTimeOffset.UtcNow,
        ["method"] = method,
        ["model"] = "tiny",
        ["model_fingerprint"] = "sha256:0123456789abcdef",
        ["tokenizer"] = "tiny",
        ["question"] = null,
        ["options"] = new { target = new { ratio = 0.25 }, keep = Array.Empty<string>() },
        ["input_text"] = input,
        ["output_text"] = output,
        ["original_tokens"] = 1000,
        ["compressed_tokens"] = 250,
        ["ratio"] = 0.25,
        ["budget_met"] = true,
        ["cached"] = false,
        ["timings"] = new Dictionary<string, double> { ["score"] = 12.5, ["select"] = 3.25, ["total"] = 16 },
        ["details"] = details,
        ["pending"] = false,
    };

    /// <summary>Answers GET /v1/compressions/{id} for this page with the given record.</summary>
    private static async Task<Guid> ServeAsync(IPage page, Dictionary<string, object?> record)
    {
        var id = (Guid)record["id"]!;
        var json = JsonSerializer.Serialize(record);
        await page.RouteAsync($"**/v1/compressions/{id}", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = json,
        }));
        return id;
    }
}
