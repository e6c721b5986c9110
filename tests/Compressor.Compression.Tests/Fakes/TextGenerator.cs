using System.Globalization;
using System.Text;

namespace Compressor.Compression.Tests.Fakes;

/// <summary>Deterministic pseudo-prose with names, numbers, dates and optional structured blocks.</summary>
public static class TextGenerator
{
    private static readonly string[] Subjects = ["The committee", "Dr. Alice Moreau", "The Danube Project", "A small team", "The city council", "Professor Ken Ito", "The reactor", "Our analysis"];
    private static readonly string[] Verbs = ["reported", "measured", "approved", "rejected", "estimated", "described", "observed", "funded"];
    private static readonly string[] Objects = ["a budget of $4.5 million", "an increase of 12.5%", "the new bridge over the river", "three hundred samples", "the March 3, 2021 agreement", "water levels near Vienna", "a delay of 14 days", "the results, e.g. the yields, in detail"];
    private static readonly string[] Tails = ["in 2019", "after a long debate", "despite objections", "with 3.14 as the ratio", "for the second time", "according to the \"Blue Report\"", "under pressure", "at the annual meeting"];

    public static string Prose(int seed, int sentences, int paragraphEvery = 5)
    {
        var random = new Random(seed);
        var b = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            if (i > 0)
            {
                b.Append(i % paragraphEvery == 0 ? "\n\n" : " ");
            }

            b.Append(Subjects[random.Next(Subjects.Length)]).Append(' ')
                .Append(Verbs[random.Next(Verbs.Length)]).Append(' ')
                .Append(Objects[random.Next(Objects.Length)]).Append(' ')
                .Append(Tails[random.Next(Tails.Length)])
                .Append(random.Next(5) == 0 ? "!" : ".");
        }

        return b.ToString();
    }

    public const string Json = "{\n  \"id\": 42,\n  \"name\": \"widget\",\n  \"tags\": [\"a\", \"b\"]\n}";

    public const string Code = "```python\ndef f(x):\n    return x * 2.5\n```";

    public const string Table = "| city | people |\n|------|-------:|\n| Vienna | 1,900,000 |\n| Graz | 290,000 |";

    /// <summary>Prose with a JSON block, a code fence and a table in between.</summary>
    public static string Mixed(int seed, int sentences) =>
        Prose(seed, sentences / 3) + "\n\n" + Json + "\n\n" + Prose(seed + 1, sentences / 3) + "\n\n" + Code + "\n\n"
        + Prose(seed + 2, sentences / 3) + "\n\n" + Table + "\n\n" + Prose(seed + 3, 4);

    public static string Number(int i) => i.ToString(CultureInfo.InvariantCulture);
}
