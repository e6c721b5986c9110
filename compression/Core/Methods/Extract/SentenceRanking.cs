using Compressor.Compression.Keywords;

namespace Compressor.Compression.Methods.Extract;

/// <summary>
/// Extract's ranking of a document's units: each unit's importance, plus
/// <see cref="ExtractOptions.KeywordBoost"/> when it carries a required keyword (keep[] or question
/// term), and for each required keyword the units that carry it (for <see cref="SentenceSelector"/>'s
/// coverage pass). Pure.
/// </summary>
/// <param name="Scores">The score of each unit.</param>
/// <param name="Carriers">For each required keyword, in order, the units that carry it.</param>
public sealed record SentenceRanking(IReadOnlyList<double> Scores, IReadOnlyList<IReadOnlyList<int>> Carriers)
{
    /// <param name="texts">The units' texts.</param>
    /// <param name="importance">The importance of each unit (<see cref="Scoring.ImportanceScorer"/>).</param>
    /// <param name="required">The required keywords.</param>
    /// <param name="keywordBoost">Added to the importance of a unit carrying one.</param>
    public static SentenceRanking Of(IReadOnlyList<string> texts, IReadOnlyList<double> importance, IReadOnlyList<string> required, double keywordBoost)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(importance);
        ArgumentNullException.ThrowIfNull(required);
        var carriers = required
            .Select(k => (IReadOnlyList<int>)Enumerable.Range(0, texts.Count).Where(i => KeywordMatcher.Contains(texts[i], k)).ToArray())
            .ToArray();
        var scores = importance.ToArray();
        foreach (var units in carriers)
        {
            foreach (var u in units)
            {
                scores[u] = importance[u] + keywordBoost;
            }
        }

        return new SentenceRanking(scores, carriers);
    }

    /// <summary>
    /// The ranking of some units only, renumbered 0.. in the order given; only the keywords that
    /// <paramref name="cover"/> accepts (by their index in the required list) keep their carriers.
    /// </summary>
    public SentenceRanking Restrict(IReadOnlyList<int> units, Func<int, bool> cover)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(cover);
        var position = new Dictionary<int, int>();
        for (var i = 0; i < units.Count; i++)
        {
            position[units[i]] = i;
        }

        var carriers = Carriers
            .Select((c, k) => (IReadOnlyList<int>)(cover(k) ? c.Where(position.ContainsKey).Select(u => position[u]).ToArray() : []))
            .ToArray();
        return new SentenceRanking(units.Select(u => Scores[u]).ToArray(), carriers);
    }
}
