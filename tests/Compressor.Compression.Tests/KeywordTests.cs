using Compressor.Compression.Keywords;
using Compressor.Compression.Segmentation;

namespace Compressor.Compression.Tests;

public class KeywordTests
{
    [Fact]
    public void Detects_numbers_dates_quotes_and_entities()
    {
        var text = "The report said \"growth is back\" on March 3, 2021. Revenue rose 12.5% to $4.5 million at Acme Corp in New York. Growth stayed at 3.14 until 2024-01-05.";
        var found = KeywordDetector.Detect(text);
        foreach (var expected in new[] { "growth is back", "March 3, 2021", "12.5%", "$4.5 million", "Acme Corp", "New York", "3.14", "2024-01-05" })
        {
            Assert.Contains(expected, found);
        }

        Assert.DoesNotContain("The", found);
        Assert.DoesNotContain("Growth", found);
    }

    [Fact]
    public void Question_terms_are_content_words_found_in_text()
    {
        Assert.Equal(["capital", "france"], KeywordDetector.QuestionTerms("What is the capital of France?", "Paris is the capital of France."));
    }

    [Fact]
    public void Matcher_respects_word_boundaries()
    {
        Assert.True(KeywordMatcher.Contains("it costs 300 euros", "300"));
        Assert.False(KeywordMatcher.Contains("it costs 3000 euros", "300"));
        Assert.True(KeywordMatcher.Contains("NEW YORK", "new york"));
    }

    [Fact]
    public void Restorer_appends_the_shortest_clause_carrying_the_keyword()
    {
        var source = TextSegmenter.Split("The plant opened in Graz, which cost 42 million, and it employs many people. Unrelated sentence here.");
        var (text, restored) = KeywordRestorer.Restore("A plant opened.", ["42 million", "plant"], source);
        Assert.Equal(["42 million"], restored);
        Assert.Equal("A plant opened. which cost 42 million", text);
    }

    [Fact]
    public void Missing_keep_words_are_reported_not_required()
    {
        var required = RequiredKeywords.For("Vienna is big.", ["vienna", "Berlin"], null);
        Assert.Equal(["vienna"], required.Keep);
        Assert.Equal(["Berlin"], required.MissingInInput);
    }
}
