namespace Compressor.Client.Tests;

internal static class Texts
{
    /// <summary>A few hundred tokens of prose with one question-relevant sentence.</summary>
    public static string Article(int sentences = 30, string salt = "") => string.Join(" ", Enumerable.Range(0, sentences).Select(i => i switch
    {
        7 => $"The Eiffel Tower in Paris was completed in 1889 and is 330 metres tall{salt}.",
        _ => $"Paragraph {i} discusses general matters of city planning, transport and parks in a calm tone{salt}.",
    }));
}
