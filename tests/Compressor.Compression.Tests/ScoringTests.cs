using Compressor.Compression.Budget;
using Compressor.Compression.Chunking;
using Compressor.Compression.Scoring;

namespace Compressor.Compression.Tests;

public class ScoringTests
{
    [Fact]
    public void Bm25_prefers_the_document_with_rarer_matching_terms()
    {
        var docs = new[] { new[] { "cat", "sat", "mat" }, new[] { "dog", "ran" }, new[] { "cat", "dog" } };
        var scores = new Bm25(docs).Score(["dog", "ran"]);
        Assert.True(scores[1] > scores[2]);
        Assert.True(scores[2] > scores[0]);
        Assert.Equal(0, scores[0]);
    }

    [Fact]
    public void Importance_is_in_unit_interval_and_question_aware()
    {
        var texts = new[] { "The weather was fine.", "Paris is the capital of France.", "It was a day.", "Nothing else happened then." };
        var scores = ImportanceScorer.Score(texts, "What is the capital of France?", null);
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        Assert.Equal(1, Array.IndexOf(scores, scores.Max()));
    }

    [Fact]
    public void Position_prior_is_u_shaped_with_primacy()
    {
        Assert.Equal(1, Features.Position(0, 11));
        Assert.True(Features.Position(10, 11) > Features.Position(5, 11));
        Assert.True(Features.Position(0, 11) > Features.Position(10, 11));
    }

    [Fact]
    public void Density_counts_numbers_and_names_above_function_words()
    {
        Assert.True(Features.Density("In 2019 Vienna spent 4.5 million euros.") > Features.Density("It was what it was and so it is."));
    }

    [Fact]
    public void Planner_cuts_at_similarity_drops_and_keeps_atomic_units_alone()
    {
        var units = new[] { new ChunkUnit(30, false, false), new ChunkUnit(30, false, false), new ChunkUnit(30, false, false), new ChunkUnit(30, true, false), new ChunkUnit(30, false, false), new ChunkUnit(30, false, false) };
        var sims = new[] { 0.9, 0.01, 0.5, 0.5, 0.8 };
        var plan = ChunkPlanner.Plan(units, sims, new ChunkingOptions { MinTokens = 20, MaxTokens = 100, Percentile = 0 });
        Assert.Equal([(0, 2), (2, 1), (3, 1), (4, 2)], plan);
    }

    [Fact]
    public void Planner_merges_tiny_and_splits_huge_chunks()
    {
        var units = Enumerable.Range(0, 10).Select(_ => new ChunkUnit(10, false, false)).ToArray();
        var sims = new[] { 0.9, 0.9, 0.9, 0.9, 0.2, 0.9, 0.9, 0.9, 0.9 };
        var plan = ChunkPlanner.Plan(units, sims, new ChunkingOptions { MinTokens = 0, MaxTokens = 60, Threshold = 0, Percentile = 0 });
        Assert.Equal([(0, 5), (5, 5)], plan);
        var merged = ChunkPlanner.Plan(units, Enumerable.Repeat(0.0, 9).ToArray(), new ChunkingOptions { MinTokens = 25, MaxTokens = 60 });
        Assert.All(merged, g => Assert.True(g.Count * 10 >= 25 || merged.Count == 1));
        Assert.Equal(10, merged.Sum(g => g.Count));
    }

    [Fact]
    public void Budget_targets_fit_and_are_monotone_in_importance()
    {
        var items = Enumerable.Range(0, 6).Select(i => new BudgetItem(100, i / 5.0, true)).ToArray();
        var targets = BudgetSolver.Solve(items, 300);
        Assert.True(targets.Sum() <= 300);
        Assert.True(targets.Sum() >= 295);
        for (var i = 1; i < targets.Length; i++)
        {
            Assert.True(targets[i] >= targets[i - 1], $"target {i} below {i - 1}");
        }
    }

    [Fact]
    public void Budget_drops_least_important_when_floors_do_not_fit_and_is_monotone_in_budget()
    {
        var random = new Random(7);
        var items = Enumerable.Range(0, 12).Select(_ => new BudgetItem(random.Next(5, 200), random.NextDouble(), random.Next(4) > 0)).ToArray();
        var previousTotal = -1;
        var previousDropped = int.MaxValue;
        for (var budget = 1; budget <= items.Sum(i => i.Tokens) + 10; budget += 7)
        {
            var targets = BudgetSolver.Solve(items, budget);
            Assert.True(targets.Sum() <= budget);
            Assert.True(targets.Sum() >= previousTotal, $"total fell at budget {budget}");
            var dropped = targets.Count(t => t == 0);
            Assert.True(dropped <= previousDropped);
            for (var i = 0; i < items.Length; i++)
            {
                Assert.True(targets[i] == 0 || targets[i] >= BudgetSolver.Floor(items[i], BudgetOptions.Default));
                Assert.True(items[i].Compressible || targets[i] == 0 || targets[i] == items[i].Tokens);
            }

            previousTotal = targets.Sum();
            previousDropped = dropped;
        }
    }

    [Fact]
    public void Budget_drops_in_importance_order()
    {
        var items = new[] { new BudgetItem(100, 0.9, true), new BudgetItem(100, 0.1, true), new BudgetItem(100, 0.5, true) };
        var targets = BudgetSolver.Solve(items, 25);
        Assert.Equal(0, targets[1]);
        Assert.True(targets[0] > 0);
    }
}
