using System.Diagnostics;
using Compressor.Constraints.Sampling;
using Compressor.Engine.Errors;
using Compressor.Engine.Generation;
using Compressor.Native;

namespace Compressor.Engine.Constrained;

/// <summary>
/// The constrained decode loop. One particle is plain constrained decoding (streamed). Several run
/// sequential Monte Carlo over parallel sequences of one context: the prompt is decoded once and
/// shared, each particle has its own sequence, grammar and weight; when the effective sample size
/// falls below ess_threshold x particles they are resampled (systematic), a copied particle taking
/// the source's KV cells (its own removed first) and a clone of its grammar state. The result is
/// the highest-weight complete particle (Lipkin et al., arXiv 2504.05410, section 3).
/// </summary>
public static class ConstrainedGenerator
{
    public static ConstrainedResult Run(LlamaContext context, ConstrainedRequest request, GrammarSampler grammar,
        Action<string>? onText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(grammar);
        var sampling = request.Sampling;
        var k = sampling.Particles;
        if (k < 1 || k > context.SequenceCount)
        {
            throw new ArgumentException($"between 1 and {context.SequenceCount} particles in this context, got {k}", nameof(request));
        }

        if (k > 1 && request.Stop.Count > 0)
        {
            throw new ArgumentException("stop strings need a single particle", nameof(request));
        }

        var prompt = request.PromptTokens;
        if (prompt.Count == 0)
        {
            throw new ArgumentException("the prompt needs at least one token", nameof(request));
        }

        if (prompt.Count >= context.ContextSize)
        {
            throw EngineErrors.PromptTooLong(prompt.Count, context.ContextSize - 1);
        }

        var vocab = context.Model.Vocab;
        var particles = new Particle[k];
        try
        {
            for (var i = 0; i < k; i++)
            {
                var chooser = ConstrainedChooser.Create(grammar.Clone(), vocab, sampling, unchecked(sampling.Seed + (i * 1_000_003)), request.StateCache);
                particles[i] = new Particle(i, chooser, prompt.Count, request);
            }

            return new Loop(context, request, particles, vocab, k == 1 ? onText : null, cancellationToken).Run();
        }
        catch (LlamaException e)
        {
            throw EngineErrors.FromNative(e);
        }
        finally
        {
            foreach (var p in particles)
            {
                p?.Dispose();
            }
        }
    }

    private sealed class Loop(LlamaContext context, ConstrainedRequest request, Particle[] particles, LlamaVocab vocab,
        Action<string>? onText, CancellationToken ct)
    {
        private readonly Random resampleRandom = new(unchecked(request.Sampling.Seed ^ 0x5EED));
        private long forwardTicks;
        private int resamples;

        public ConstrainedResult Run()
        {
            using var batch = LlamaBatch.ForTokens(Math.Max(context.BatchSize, particles.Length));
            var clock = Stopwatch.StartNew();
            var logits = Prefill(batch);
            var promptMs = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            for (var i = 1; i < particles.Length; i++)
            {
                context.CopySequence(0, i);
            }

            foreach (var p in particles)
            {
                p.Advance(logits, vocab, onText);
            }

            Step(batch);
            var generationMs = clock.Elapsed.TotalMilliseconds;
            return Finish(promptMs, generationMs);
        }

        private float[] Prefill(LlamaBatch batch)
        {
            var prompt = request.PromptTokens;
            for (var start = 0; start < prompt.Count; start += batch.Capacity)
            {
                batch.Clear();
                var end = Math.Min(prompt.Count, start + batch.Capacity);
                for (var i = start; i < end; i++)
                {
                    batch.Add(prompt[i], i, 0, i == prompt.Count - 1);
                }

                context.Decode(batch, ct);
            }

            return context.GetLogits(batch.Count - 1).ToArray();
        }

        private void Step(LlamaBatch batch)
        {
            var live = new List<Particle>(particles.Length);
            while (true)
            {
                if (particles.Length > 1 && !MaybeResample())
                {
                    return; // every particle died
                }

                batch.Clear();
                live.Clear();
                foreach (var p in particles)
                {
                    if (!p.Done)
                    {
                        batch.Add(p.PendingToken, p.Position, p.Sequence, true);
                        live.Add(p);
                    }
                }

                if (live.Count == 0)
                {
                    return;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    context.Decode(batch, ct);
                }
                catch (LlamaException e) when (e.Code == LlamaErrorCode.NoKvSlot)
                {
                    // The cache is full: every live particle ends here, as with max_tokens.
                    live.ForEach(p => p.Finish(FinishReason.Length, onText));
                    return;
                }
                finally
                {
                    forwardTicks += Stopwatch.GetTimestamp() - started;
                }

                for (var i = 0; i < live.Count; i++)
                {
                    live[i].Advance(context.GetLogits(i), vocab, onText);
                }
            }
        }

        /// <summary>Resamples when the ESS is low; false when every particle is dead.</summary>
        private bool MaybeResample()
        {
            var weights = particles.Select(p => p.LogWeight).ToArray();
            var ess = SmcResampler.EffectiveSampleSize(weights);
            if (ess <= 0)
            {
                return false;
            }

            if (particles.All(p => p.Done) || ess >= request.Sampling.EssThreshold * particles.Length)
            {
                return true;
            }

            var indices = new int[particles.Length];
            SmcResampler.Systematic(weights, resampleRandom, indices);
            var copies = new int[particles.Length];
            foreach (var i in indices)
            {
                copies[i]++;
            }

            // Survivors stay in place; extra copies overwrite the slots of particles not drawn, so
            // no source is overwritten before it is copied.
            var free = new Queue<int>(Enumerable.Range(0, particles.Length).Where(i => copies[i] == 0));
            for (var source = 0; source < particles.Length; source++)
            {
                for (var c = 1; c < copies[source]; c++)
                {
                    var target = free.Dequeue();
                    if (!context.RemoveTokens(target, 0, -1))
                    {
                        throw new LlamaException(LlamaErrorCode.InvalidArgument, $"could not clear sequence {target} for resampling");
                    }

                    context.CopySequence(source, target);
                    particles[target].CopyFrom(particles[source], vocab);
                }
            }

            var mean = SmcResampler.LogSumExp(weights) - Math.Log(particles.Length);
            foreach (var p in particles)
            {
                p.LogWeight = mean;
            }

            resamples++;
            return true;
        }

        private ConstrainedResult Finish(double promptMs, double generationMs)
        {
            foreach (var p in particles)
            {
                p.Finish(FinishReason.Length, onText);
            }

            // The highest-weight complete particle; else the highest-weight one.
            var best = particles.Where(p => p.Reason == FinishReason.Stop).MaxBy(p => p.LogWeight)
                ?? particles.MaxBy(p => p.LogWeight)!;
            var validation = request.Constraint.Validator.Validate(best.Text);
            var checks = particles.Sum(p => p.Chooser.Checks);
            var steps = particles.Sum(p => p.Chooser.Steps);
            var stats = new ConstraintStats
            {
                Method = request.Sampling.Method == ConstrainedMethod.Mask ? "mask" : "awrs",
                Particles = particles.Length,
                ConstraintChecks = checks,
                ChecksPerToken = steps == 0 ? 0 : (double)checks / steps,
                Rejections = particles.Sum(p => p.Chooser.Rejections),
                MaskFallbacks = particles.Sum(p => p.Chooser.MaskFallbacks),
                StateCacheHits = particles.Sum(p => p.Chooser.CacheHits),
                LogWeight = best.LogWeight,
                ParticleLogWeights = particles.Length > 1 ? [.. particles.Select(p => p.LogWeight)] : null,
                Resamples = resamples,
                ConstraintMs = Stopwatch.GetElapsedTime(0, particles.Sum(p => p.Chooser.ConstraintTicks)).TotalMilliseconds,
                ForwardMs = Stopwatch.GetElapsedTime(0, forwardTicks).TotalMilliseconds,
                Valid = validation.IsValid,
                Incomplete = best.Reason != FinishReason.Stop && !validation.IsValid,
                ValidationError = validation.Error,
            };
            var timings = new GenerationTimings(promptMs, generationMs, request.PromptTokens.Count, best.Tokens.Count);
            return new ConstrainedResult(best.Text, [.. best.Tokens], best.Reason, request.PromptTokens.Count, timings, stats);
        }
    }
}
