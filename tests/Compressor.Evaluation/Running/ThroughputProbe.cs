using System.Diagnostics;
using System.Text;
using Compressor.Compression.Pipeline;
using Compressor.Evaluation.Data;

namespace Compressor.Evaluation.Running;

/// <summary>
/// Best-of-N throughput of a model-free method over the loaded items (input UTF-8 bytes per second),
/// next to the throughput of only counting the input's tokens with the same tokenizer, measured in
/// the same run: the floor any method that counts its budget pays.
/// </summary>
internal static class ThroughputProbe
{
    public sealed record Result(string Method, double Ratio, int Items, long Bytes, long Tokens, double MethodMs, double CountMs)
    {
        public double MegabytesPerSecond => Bytes / 1e6 / (MethodMs / 1000);

        public double CountMegabytesPerSecond => Bytes / 1e6 / (CountMs / 1000);
    }

    public static async Task<Result> MeasureAsync(IPromptCompressor compressor, IReadOnlyList<EvalExample> examples, CompressionEnvironment environment,
        double ratio, int repeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compressor);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(environment);
        long bytes = 0;
        long tokens = 0;
        double methodMs = 0;
        double countMs = 0;
        var items = 0;
        foreach (var example in examples)
        {
            var request = new CompressionRequest { Text = example.Context, Question = example.Question, Method = compressor.Method, Target = new(Ratio: ratio) };
            var best = double.MaxValue;
            var bestCount = double.MaxValue;
            try
            {
                for (var i = 0; i < repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await compressor.CompressAsync(request, environment, cancellationToken);
                    best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                    clock.Restart();
                    var n = environment.Tokenizer.Count(example.Context);
                    bestCount = Math.Min(bestCount, clock.Elapsed.TotalMilliseconds);
                    tokens += i == 0 ? n : 0;
                }
            }
            catch (Compressor.Compression.Errors.CompressorException)
            {
                continue;
            }

            items++;
            bytes += Encoding.UTF8.GetByteCount(example.Context);
            methodMs += best;
            countMs += bestCount;
        }

        return new Result(compressor.Method, ratio, items, bytes, tokens, methodMs, countMs);
    }
}
