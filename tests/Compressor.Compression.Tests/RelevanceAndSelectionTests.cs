using Compressor.Compression.Methods.Extract;
using Compressor.Compression.Scoring;

namespace Compressor.Compression.Tests;

public class RelevanceAndSelectionTests
{
    private static readonly string[] BridgeTexts =
    [
        "Zorblat Quux founded the Vendrell Institute.",
        "The Vendrell Institute is located in Marrowdale.",
        "Bananas are yellow fruit.",
        "Cars have four wheels.",
    ];

    [Fact]
    public void Plain_relevance_is_bm25_scaled_by_its_maximum()
    {
        var texts = new[] { "cat sat on the mat", "dog ran home", "cat and dog" };
        var plain = QuestionRelevance.Score(texts, "dog ran", null, RelevanceOptions.Plain);
        var bm25 = new Bm25([.. texts.Select(t => (IReadOnlyList<string>)Terms.Content(t))]).Score(Terms.Content("dog ran"));
        var expected = Features.ScaleByMax(bm25);
        Assert.Equal(expected, plain);
        Assert.Equal(1, plain.Max());
    }

    [Fact]
    public void Feedback_terms_lift_the_bridge_sentence_that_shares_no_question_word()
    {
        const string question = "Who founded the institute?";
        var plain = QuestionRelevance.Score(BridgeTexts, question, null, RelevanceOptions.Plain);
        var feedback = QuestionRelevance.Score(BridgeTexts, question, null, RelevanceOptions.Plain with { Feedback = 0.5 });

        // Sentence 1 shares "institute" only; with feedback it also matches "Vendrell" from the best sentence.
        Assert.True(feedback[1] > plain[1]);
        Assert.Equal(0, feedback[2]);
        Assert.Equal(0, feedback[3]);
    }

    [Fact]
    public void A_paragraph_lead_is_lifted_towards_its_best_sentence_and_paragraph_context_blends()
    {
        var texts = new[] { "Marrowdale", "It hosts the Vendrell Institute.", "Cars have four wheels.", "Bananas are yellow." };
        var paragraphs = new[] { 0, 0, 1, 1 };
        var plain = QuestionRelevance.Score(texts, "Vendrell Institute", paragraphs, RelevanceOptions.Plain);
        Assert.Equal(0, plain[0]);

        var lead = QuestionRelevance.Score(texts, "Vendrell Institute", paragraphs, RelevanceOptions.Plain with { Lead = 0.5 });
        Assert.Equal(0.5, lead[0], 6);
        Assert.Equal(0, lead[2]);

        var blended = QuestionRelevance.Score(texts, "Vendrell Institute", paragraphs, RelevanceOptions.Plain with { Paragraph = 0.3 });
        Assert.Equal(0.3, blended[0], 6);
        Assert.Equal(1, blended[1], 6);
        Assert.Equal(0, blended[3]);
    }

    [Fact]
    public void No_question_gives_zeros_and_mismatched_paragraphs_are_refused()
    {
        Assert.All(QuestionRelevance.Score(BridgeTexts, null, null), s => Assert.Equal(0, s));
        Assert.All(QuestionRelevance.Score(BridgeTexts, "  ", null), s => Assert.Equal(0, s));
        Assert.Throws<ArgumentException>(() => QuestionRelevance.Score(BridgeTexts, "institute", [0, 1], RelevanceOptions.Default));
    }

    [Fact]
    public void Coverage_takes_a_carrier_only_from_units_at_or_above_the_median()
    {
        // Unit 0 carries the keyword but scores lowest; unit 3 carries it too and is above the median.
        int[] tokens = [5, 5, 5, 5, 5];
        double[] scores = [0.01, 0.5, 0.6, 0.7, 0.9];
        IReadOnlyList<int>[] carriers = [new[] { 0, 3 }];
        var settings = new SelectionSettings(0, 0, 1, 1);
        var chosen = SentenceSelector.Select(tokens, scores, carriers, 10, settings);
        Assert.Equal([3, 4], chosen);

        // Only a below-median carrier: coverage skips it and the greedy pass decides.
        IReadOnlyList<int>[] weak = [new[] { 0 }];
        Assert.Equal([3, 4], SentenceSelector.Select(tokens, scores, weak, 10, settings));
    }

    [Fact]
    public void Coverage_spends_at_most_its_share_of_the_budget()
    {
        int[] tokens = [4, 4, 4, 4];
        double[] scores = [0.6, 0.6, 0.6, 1.0];
        IReadOnlyList<int>[] carriers = [new[] { 0 }, new[] { 1 }, new[] { 2 }];
        var capped = SentenceSelector.Select(tokens, scores, carriers, 8, new SelectionSettings(0, 0, 1, 0.5));
        Assert.Equal([0, 3], capped);
        var uncapped = SentenceSelector.Select(tokens, scores, carriers, 8, new SelectionSettings(0, 0, 1, 1));
        Assert.Equal([0, 1], uncapped);
    }

    [Fact]
    public void The_length_exponent_moves_the_choice_from_value_per_token_to_value()
    {
        // A long, more relevant sentence against two short, weaker ones; room for 20 tokens.
        int[] tokens = [20, 10, 10];
        double[] scores = [1.0, 0.6, 0.6];
        var perToken = SentenceSelector.Select(tokens, scores, [], 20, new SelectionSettings(0, 0, 1, 0));
        Assert.Equal([1, 2], perToken);
        var byValue = SentenceSelector.Select(tokens, scores, [], 20, new SelectionSettings(0, 0, 0, 0));
        Assert.Equal([0], byValue);
    }

    [Fact]
    public void Selection_never_exceeds_the_budget_and_counts_separators()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(1, 30);
            var tokens = Enumerable.Range(0, n).Select(_ => rng.Next(1, 40)).ToArray();
            var scores = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            IReadOnlyList<int>[] carriers = [.. Enumerable.Range(0, 3).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, n).Where(_ => rng.NextDouble() < 0.3).ToArray())];
            var budget = rng.Next(1, 200);
            var settings = new SelectionSettings(2, 16, 0.5, rng.NextDouble());
            var chosen = SentenceSelector.Select(tokens, scores, carriers, budget, settings);
            var cost = chosen.Sum(i => tokens[i]) + (Math.Max(0, chosen.Count - 1) * 2);
            Assert.True(cost <= budget, $"trial {trial}: {cost} > {budget}");
            Assert.Equal(chosen.Order(), chosen);
            Assert.Equal(chosen, SentenceSelector.Select(tokens, scores, carriers, budget, settings));
        }
    }
}
