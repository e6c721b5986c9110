using Compressor.Compression.Errors;
using Compressor.Compression.Pipeline;

namespace Compressor.Compression.Methods.Truncate;

/// <summary>
/// The baseline: keep whole segments from the head (a share of the budget) and from the tail (the
/// rest), with a marker between them. No model.
/// </summary>
public sealed class TruncateCompressor : TextCompressorBase
{
    public override string Method => "truncate";

    public override bool RequiresModel => false;

    protected override void ValidateOptions(CompressionRequest request)
    {
        var options = RequestValidator.OptionsOf<TruncateOptions>(request);
        if (double.IsNaN(options.HeadShare) || options.HeadShare < 0 || options.HeadShare > 1)
        {
            throw CompressorException.BadRequest("head_share_out_of_range", "options.head_share must be in [0, 1]", "options.head_share");
        }
    }

    protected override Task<TextOutcome> CompressTextAsync(TextJob job, CancellationToken cancellationToken)
    {
        var options = RequestValidator.OptionsOf<TruncateOptions>(job.Request);
        var tokenizer = job.Environment.Tokenizer;
        var segments = job.Segments;
        var counts = job.SegmentTokens;
        var markerCost = options.Marker.Length == 0 ? 0 : tokenizer.Count(options.Marker);
        var budget = job.Budget;

        var outcome = job.Timer.Measure("select", () =>
        {
            // Head first up to its share, then the tail with everything left, then the head again.
            var head = 0;
            var used = 0;
            var headBudget = (int)Math.Floor(budget * options.HeadShare);
            while (head < segments.Count && used + counts[head] <= headBudget)
            {
                used += counts[head++];
            }

            var tail = segments.Count;
            var room = budget - used - markerCost;
            while (tail > head && room - counts[tail - 1] >= 0)
            {
                room -= counts[--tail];
            }

            while (head < tail && counts[head] <= room)
            {
                room -= counts[head++];
            }

            return Render(job, options, head, tail);
        });

        return Task.FromResult(outcome);
    }

    private static TextOutcome Render(TextJob job, TruncateOptions options, int head, int tail)
    {
        var tokenizer = job.Environment.Tokenizer;
        while (true)
        {
            var marker = tail - head > 0 && options.Marker.Length > 0 && (head > 0 || tail < job.Segments.Count);
            var pieces = new List<OutputAssembler.Piece>();
            for (var i = 0; i < job.Segments.Count; i++)
            {
                if (i < head || i >= tail)
                {
                    pieces.Add(OutputAssembler.Of(job.Segments[i]));
                }
            }

            var headText = OutputAssembler.Join(job.Text, pieces.Take(head));
            var tailText = OutputAssembler.Join(job.Text, pieces.Skip(head));
            var parts = new[] { headText, marker ? options.Marker : "", tailText }.Where(p => p.Length > 0);
            var text = string.Join(head > 0 && tail < job.Segments.Count ? "\n\n" : " ", parts);
            var tokens = tokenizer.Count(text);
            if (tokens <= job.Budget || (head == 0 && tail == job.Segments.Count))
            {
                var kept = new List<KeptSpan>();
                if (head > 0)
                {
                    kept.Add(new KeptSpan(job.Segments[0].ContentStart, job.Segments[head - 1].ContentEnd));
                }

                if (tail < job.Segments.Count)
                {
                    kept.Add(new KeptSpan(job.Segments[tail].ContentStart, job.Segments[^1].ContentEnd));
                }

                return new TextOutcome(text, tokens, new TruncateDetails(kept, marker, job.Budget));
            }

            // Separators cost tokens the per-segment counts missed: give back a segment and retry.
            if (tail < job.Segments.Count && (job.Segments.Count - tail >= head))
            {
                tail++;
            }
            else
            {
                head--;
            }
        }
    }
}
