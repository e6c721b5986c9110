using Compressor.Compression.Segmentation;
using Compressor.Compression.Tests.Fakes;

namespace Compressor.Compression.Tests;

public class SegmentationTests
{
    private static void AssertTiles(string text, IReadOnlyList<Segment> segments)
    {
        Assert.Equal(text, string.Concat(segments.Select(s => text[s.Start..s.End])));
        for (var i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            Assert.Equal(s.Text, text[s.ContentStart..s.ContentEnd]);
            Assert.True(s.Text.Length > 0);
            Assert.True(string.IsNullOrWhiteSpace(text[s.ContentEnd..s.End]));
            if (i > 0)
            {
                Assert.Equal(segments[i - 1].End, s.Start);
            }
        }
    }

    [Fact]
    public void Sentences_respect_abbreviations_decimals_and_ellipses()
    {
        var text = "Dr. Smith measured 3.14 units, e.g. in the lab. Then he left... Nobody knew why! \"Really?\" she asked. J. R. R. Tolkien wrote it.";
        var segments = TextSegmenter.Split(text);
        AssertTiles(text, segments);
        Assert.Equal(
            ["Dr. Smith measured 3.14 units, e.g. in the lab.", "Then he left...", "Nobody knew why!", "\"Really?\" she asked.", "J. R. R. Tolkien wrote it."],
            segments.Select(s => s.Text));
    }

    [Fact]
    public void Cjk_full_stops_split_without_spaces()
    {
        var text = "今天天气很好。我们去公园吧！好吗？";
        var segments = TextSegmenter.Split(text);
        AssertTiles(text, segments);
        Assert.Equal(3, segments.Count);
    }

    [Fact]
    public void Structured_blocks_are_single_segments()
    {
        var xml = "<note id=\"1\">\n  <to>Tove</to>\n  <body>Hi. There.</body>\n</note>";
        var text = "# Title\n\nIntro sentence one. Intro two.\n\n" + TextGenerator.Json + "\n\n" + TextGenerator.Code + "\n" + TextGenerator.Table
            + "\n\n- first item. still first\n  continued here\n- second item\n\n" + xml + "\n\nClosing words here.\n";
        var segments = TextSegmenter.Split(text);
        AssertTiles(text, segments);
        Assert.Contains(segments, s => s.Kind == SegmentKind.Json && s.Text == TextGenerator.Json);
        Assert.Contains(segments, s => s.Kind == SegmentKind.CodeBlock && s.Text == TextGenerator.Code);
        Assert.Contains(segments, s => s.Kind == SegmentKind.Table && s.Text == TextGenerator.Table);
        Assert.Contains(segments, s => s.Kind == SegmentKind.Xml && s.Text == xml);
        Assert.Contains(segments, s => s.Kind == SegmentKind.Heading && s.Text == "# Title");
        Assert.Contains(segments, s => s.Kind == SegmentKind.ListItem && s.Text == "- first item. still first\n  continued here");
        Assert.Equal(SegmentKind.Sentence, segments[^1].Kind);
    }

    [Fact]
    public void Invalid_json_and_unclosed_fences_degrade_gracefully()
    {
        var text = "{ not json at all }\n\nSome prose. More prose.\n\n```\ncode without end";
        var segments = TextSegmenter.Split(text);
        AssertTiles(text, segments);
        Assert.DoesNotContain(segments, s => s.Kind == SegmentKind.Json);
        Assert.Equal(SegmentKind.CodeBlock, segments[^1].Kind);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Generated_texts_tile_exactly(int seed)
    {
        var text = "  \n" + TextGenerator.Mixed(seed, 30) + "\n\n  ";
        var segments = TextSegmenter.Split(text);
        AssertTiles(text, segments);
        Assert.Equal(0, segments[0].Start);
        Assert.Equal(text.Length, segments[^1].End);
    }
}
