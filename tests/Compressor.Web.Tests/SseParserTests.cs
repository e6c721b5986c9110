namespace Compressor.Web.Tests;

/// <summary>The UI's Server-Sent Events reader (web/js/sse.js), run in the browser on awkwardly split input.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SseParserTests(WebAppFixture app)
{
    [Fact]
    public async Task Events_split_across_chunks_and_line_endings_are_reassembled()
    {
        await using var browser = await app.NewPageAsync();
        await browser.GoToAsync("#/models");
        const string script = """
            async () => {
              const { readEvents } = await import('/js/sse.js');
              const chunks = ['event: progress\r', '\ndata: {"stage":"seg', 'ment","fraction":0.5}\r\n\r\n', ': keep-alive\n\n',
                'event: done\ndata: line one\ndata: line two\n\n', 'data: no event name\n\n', 'event: error\ndata: {"title":"x"}'];
              const encoder = new TextEncoder();
              const body = new ReadableStream({ start(c) { for (const s of chunks) c.enqueue(encoder.encode(s)); c.close(); } });
              const out = [];
              for await (const e of readEvents(body)) out.push(`${e.event}|${e.data}`);
              return out;
            }
            """;
        var events = await browser.Page.EvaluateAsync<string[]>(script);
        Assert.Equal(
            [
                "progress|{\"stage\":\"segment\",\"fraction\":0.5}",
                "done|line one\nline two",
                "message|no event name",
                "error|{\"title\":\"x\"}",
            ],
            events);
    }
}
