namespace Compressor.Storage.Tests;

public sealed class LikePatternTests
{
    [Theory]
    [InlineData("abc", "%abc%")]
    [InlineData("50%", @"%50\%%")]
    [InlineData("a_b", @"%a\_b%")]
    [InlineData(@"c:\x", @"%c:\\x%")]
    [InlineData("", "%%")]
    public void Contains_escapes_wildcards_and_the_escape_character(string text, string expected)
    {
        Assert.Equal(expected, LikePattern.Contains(text));
    }
}
