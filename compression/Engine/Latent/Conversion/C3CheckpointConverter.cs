using System.Globalization;
using System.Text.Json;
using Compressor.Engine.Latent.Safetensors;
using Compressor.Gguf;

namespace Compressor.Engine.Latent.Conversion;

/// <summary>
/// Turns a released C3 checkpoint (github liufanfanlff/C3-Context-Cascade-Compression: decoder at the
/// root as C3QwenForCausalLM, encoder in llm1/) into a latent adapter: the learned queries
/// (<c>model.Q.weight</c>, L x H_enc), the projector (<c>model.mm_projector.weight/bias</c>, or an
/// nn.Sequential MLP <c>mm_projector.{i}</c> with GELU), the marker ids of &lt;img&gt;, &lt;/img&gt; from the
/// tokenizer, and C3's "mpt" ChatML decoder prompt. Both folders are searched for the tensors.
/// </summary>
public static class C3CheckpointConverter
{
    public const string StartMarker = "<img>";
    public const string EndMarker = "</img>";
    public const string PadMarker = "<imgpad>";

    /// <summary>C3's conversation template "mpt" with the latents and instruction in the user turn.</summary>
    public const string DecoderTemplate =
        "<|im_start|>system\nA conversation between a user and an LLM-based AI assistant. The assistant gives helpful and honest answers.<|im_end|>" +
        "<|im_start|>user\n{latents}\n{instruction}<|im_end|><|im_start|>assistant\n";

    public static C3ConversionResult Convert(string checkpoint, string output, C3ConversionSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpoint);
        ArgumentException.ThrowIfNullOrEmpty(output);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Directory.Exists(checkpoint))
        {
            throw Fail(checkpoint, "the checkpoint folder does not exist");
        }

        var tensors = FindTensors(checkpoint);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var (qFile, qTensor) = Single(checkpoint, tensors, n => n == "Q.weight" || n.EndsWith(".Q.weight", StringComparison.Ordinal), "Q.weight (the learned queries)");
        sources["queries"] = $"{Path.GetRelativePath(checkpoint, qFile.Path)}:{qTensor.Name}";
        if (qTensor.Shape.Count != 2)
        {
            throw Fail(checkpoint, $"{qTensor.Name} must be 2-D [latents, encoder hidden], it is [{string.Join(", ", qTensor.Shape)}]");
        }

        var queryCount = (int)qTensor.Shape[0];
        var encoderHidden = (int)qTensor.Shape[1];
        var (layers, activation) = ReadProjector(checkpoint, tensors, sources);
        var vocab = ReadAddedTokens(checkpoint);
        int Marker(string text) => vocab.TryGetValue(text, out var id) ? id
            : throw Fail(checkpoint, $"the tokenizer (tokenizer.json or added_tokens.json) does not define '{text}'");
        var config = ReadConfig(checkpoint);
        if (config.TryGetValue("latent_token_len", out var len) && len != queryCount)
        {
            throw Fail(checkpoint, $"config.json says latent_token_len {len} but {qTensor.Name} holds {queryCount} queries");
        }

        var adapter = new LatentAdapter
        {
            Name = settings.Name,
            BlockSize = settings.BlockSize,
            QueryCount = queryCount,
            EncoderHiddenSize = encoderHidden,
            Queries = qFile.ReadAsFloats(qTensor),
            Projector = new LatentProjector(layers, activation),
            EncoderLatentStart = Marker(StartMarker),
            EncoderLatentStartText = StartMarker,
            EncoderModel = new LatentModelReference(settings.EncoderModel, Fingerprint(settings.EncoderGguf)),
            DecoderModel = new LatentModelReference(settings.DecoderModel, Fingerprint(settings.DecoderGguf)),
            Decoder = new LatentPromptTemplate
            {
                Template = DecoderTemplate,
                LatentStart = Marker(StartMarker),
                LatentEnd = Marker(EndMarker),
                LatentStartText = StartMarker,
                LatentEndText = EndMarker,
            },
        };
        if (config.TryGetValue("hidden_size", out var decoderHidden) && decoderHidden != adapter.DecoderHiddenSize)
        {
            throw Fail(checkpoint, $"config.json says hidden_size {decoderHidden} but the projector gives {adapter.DecoderHiddenSize}");
        }

        LatentAdapterFile.Write(adapter, output);
        return new C3ConversionResult(adapter, sources, C3ConversionSteps.Describe(checkpoint, output, adapter, Marker(PadMarker)));
    }

    private static (List<LatentProjectorLayer> Layers, LatentActivation Activation) ReadProjector(string checkpoint,
        List<(SafetensorsFile File, SafetensorsTensor Tensor)> tensors, Dictionary<string, string> sources)
    {
        var linear = tensors.Where(t => t.Tensor.Name.EndsWith("mm_projector.weight", StringComparison.Ordinal)).ToList();
        if (linear.Count > 0)
        {
            return ([Layer(checkpoint, tensors, "mm_projector", sources)], LatentActivation.None);
        }

        // nn.Sequential(Linear, GELU, Linear, ...): weights at even indices.
        var indices = tensors.Select(t => t.Tensor.Name)
            .Select(n => System.Text.RegularExpressions.Regex.Match(n, @"mm_projector\.(\d+)\.weight$"))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        if (indices.Count == 0)
        {
            throw Fail(checkpoint, "no mm_projector.weight (or mm_projector.<i>.weight) tensor in the safetensors files of the folder or llm1/");
        }

        return ([.. indices.Select(i => Layer(checkpoint, tensors, $"mm_projector.{i}", sources))], LatentActivation.Gelu);
    }

    private static LatentProjectorLayer Layer(string checkpoint, List<(SafetensorsFile File, SafetensorsTensor Tensor)> tensors, string stem,
        Dictionary<string, string> sources)
    {
        var (wFile, w) = Single(checkpoint, tensors, n => n == stem + ".weight" || n.EndsWith("." + stem + ".weight", StringComparison.Ordinal), stem + ".weight");
        if (w.Shape.Count != 2)
        {
            throw Fail(checkpoint, $"{w.Name} must be 2-D [out, in], it is [{string.Join(", ", w.Shape)}]");
        }

        sources[stem + ".weight"] = $"{Path.GetRelativePath(checkpoint, wFile.Path)}:{w.Name}";
        var bias = tensors.Where(t => t.Tensor.Name == w.Name[..^"weight".Length] + "bias").ToList();
        float[]? b = null;
        if (bias.Count > 0)
        {
            b = bias[0].File.ReadAsFloats(bias[0].Tensor);
            sources[stem + ".bias"] = $"{Path.GetRelativePath(checkpoint, bias[0].File.Path)}:{bias[0].Tensor.Name}";
        }

        return new LatentProjectorLayer((int)w.Shape[1], (int)w.Shape[0], wFile.ReadAsFloats(w), b);
    }

    private static List<(SafetensorsFile File, SafetensorsTensor Tensor)> FindTensors(string checkpoint)
    {
        var files = new[] { checkpoint, Path.Combine(checkpoint, "llm1") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.safetensors").Order(StringComparer.Ordinal))
            .ToList();
        if (files.Count == 0)
        {
            throw Fail(checkpoint, "no *.safetensors files in the folder or its llm1/ subfolder");
        }

        return [.. files.Select(SafetensorsFile.Open).SelectMany(f => f.Tensors.Values.Select(t => (f, t)))];
    }

    private static (SafetensorsFile File, SafetensorsTensor Tensor) Single(string checkpoint, List<(SafetensorsFile File, SafetensorsTensor Tensor)> tensors,
        Func<string, bool> match, string what)
    {
        var found = tensors.Where(t => match(t.Tensor.Name)).ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw Fail(checkpoint, $"no tensor {what} in the safetensors files of the folder or llm1/"),
            _ => throw Fail(checkpoint, $"{found.Count} tensors match {what}: {string.Join(", ", found.Select(f => f.Tensor.Name))}"),
        };
    }

    /// <summary>Added tokens (content -> id) from tokenizer.json or added_tokens.json, root first, then llm1/.</summary>
    private static Dictionary<string, int> ReadAddedTokens(string checkpoint)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var dir in new[] { checkpoint, Path.Combine(checkpoint, "llm1") })
        {
            var added = Path.Combine(dir, "added_tokens.json");
            if (File.Exists(added))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(added));
                foreach (var p in json.RootElement.EnumerateObject())
                {
                    tokens.TryAdd(p.Name, p.Value.GetInt32());
                }
            }

            var tokenizer = Path.Combine(dir, "tokenizer.json");
            if (File.Exists(tokenizer))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(tokenizer));
                if (json.RootElement.TryGetProperty("added_tokens", out var list))
                {
                    foreach (var t in list.EnumerateArray())
                    {
                        tokens.TryAdd(t.GetProperty("content").GetString() ?? "", t.GetProperty("id").GetInt32());
                    }
                }
            }
        }

        return tokens;
    }

    private static Dictionary<string, int> ReadConfig(string checkpoint)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = Path.Combine(checkpoint, "config.json");
        if (!File.Exists(path))
        {
            return values;
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var p in json.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v))
            {
                values[p.Name] = v;
            }
        }

        return values;
    }

    private static string Fingerprint(string? gguf) => gguf is null ? "" : GgufFingerprint.Compute(gguf).ToString();

    private static LatentAdapterException Fail(string checkpoint, string reason) => new(checkpoint, reason);
}
