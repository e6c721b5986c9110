using Compressor.Gguf;

namespace Compressor.Engine.Latent;

/// <summary>
/// The adapter as a GGUF file (general.architecture "latent-adapter"): hyper-parameters, template
/// and model references as metadata; queries and projector layers as F32 tensors, GGUF-ordered
/// (ne[0] is the contiguous, input dimension).
/// </summary>
public static class LatentAdapterFile
{
    public const string Architecture = "latent-adapter";
    public const string Extension = ".latent.gguf";

    private const string Prefix = "latent.";
    private const string QueriesTensor = "latent.queries";

    public static void Write(LatentAdapter adapter, string path)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        adapter.Validate(path);
        var w = new GgufWriter();
        w.Add(GgufKeys.Architecture, GgufValue.FromString(Architecture));
        w.Add(GgufKeys.Name, GgufValue.FromString(adapter.Name));
        w.Add(Prefix + "format_version", GgufValue.FromUInt32(LatentAdapter.FormatVersion));
        w.Add(Prefix + "block_size", GgufValue.FromUInt32((uint)adapter.BlockSize));
        w.Add(Prefix + "query_count", GgufValue.FromUInt32((uint)adapter.QueryCount));
        w.Add(Prefix + "encoder.hidden_size", GgufValue.FromUInt32((uint)adapter.EncoderHiddenSize));
        w.Add(Prefix + "decoder.hidden_size", GgufValue.FromUInt32((uint)adapter.DecoderHiddenSize));
        w.Add(Prefix + "encoder.model", GgufValue.FromString(adapter.EncoderModel.Name));
        w.Add(Prefix + "encoder.fingerprint", GgufValue.FromString(adapter.EncoderModel.Fingerprint));
        w.Add(Prefix + "encoder.latent_start", GgufValue.FromInt32(adapter.EncoderLatentStart));
        w.Add(Prefix + "encoder.latent_start_text", GgufValue.FromString(adapter.EncoderLatentStartText));
        w.Add(Prefix + "decoder.model", GgufValue.FromString(adapter.DecoderModel.Name));
        w.Add(Prefix + "decoder.fingerprint", GgufValue.FromString(adapter.DecoderModel.Fingerprint));
        w.Add(Prefix + "decoder.template", GgufValue.FromString(adapter.Decoder.Template));
        w.Add(Prefix + "decoder.latent_start", GgufValue.FromInt32(adapter.Decoder.LatentStart));
        w.Add(Prefix + "decoder.latent_end", GgufValue.FromInt32(adapter.Decoder.LatentEnd));
        w.Add(Prefix + "decoder.latent_start_text", GgufValue.FromString(adapter.Decoder.LatentStartText));
        w.Add(Prefix + "decoder.latent_end_text", GgufValue.FromString(adapter.Decoder.LatentEndText));
        w.Add(Prefix + "decoder.block_separator", GgufValue.FromString(adapter.Decoder.BlockSeparator));
        w.Add(Prefix + "decoder.instruction", GgufValue.FromString(adapter.Decoder.DefaultInstruction));
        w.Add(Prefix + "projector.layer_count", GgufValue.FromUInt32((uint)adapter.Projector.Layers.Count));
        w.Add(Prefix + "projector.activation", GgufValue.FromString(adapter.Projector.Activation.ToString().ToLowerInvariant()));

        w.AddTensor(QueriesTensor, GgufTensorType.F32, [adapter.EncoderHiddenSize, adapter.QueryCount], s => s.Write(adapter.Queries));
        for (var i = 0; i < adapter.Projector.Layers.Count; i++)
        {
            var layer = adapter.Projector.Layers[i];
            w.AddTensor(WeightName(i), GgufTensorType.F32, [layer.InputSize, layer.OutputSize], s => s.Write(layer.Weight));
            if (layer.Bias is { } bias)
            {
                w.AddTensor(BiasName(i), GgufTensorType.F32, [layer.OutputSize], s => s.Write(bias));
            }
        }

        // Write next to the target and rename, so a registry scanning the folder never sees half a file.
        var temp = path + ".tmp";
        w.WriteTo(temp);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads and validates an adapter; every problem is a <see cref="LatentAdapterException"/> naming the file.</summary>
    public static LatentAdapter Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        GgufFile file;
        try
        {
            file = GgufReader.Read(path);
        }
        catch (Exception e) when (e is GgufFormatException or IOException or UnauthorizedAccessException)
        {
            throw new LatentAdapterException(name, $"not a readable GGUF file ({e.Message})", e);
        }

        var fields = new Fields(file, name);
        if (file.GetString(GgufKeys.Architecture) != Architecture)
        {
            throw new LatentAdapterException(name, $"general.architecture is '{file.GetString(GgufKeys.Architecture)}', expected '{Architecture}' (is this a model rather than an adapter?)");
        }

        var version = fields.Int("format_version");
        if (version != LatentAdapter.FormatVersion)
        {
            throw new LatentAdapterException(name, $"format version {version} is not supported (this build reads version {LatentAdapter.FormatVersion})");
        }

        var queryCount = fields.Int("query_count");
        var encoderHidden = fields.Int("encoder.hidden_size");
        var decoderHidden = fields.Int("decoder.hidden_size");
        var activationText = fields.String("projector.activation");
        if (!Enum.TryParse<LatentActivation>(activationText, ignoreCase: true, out var activation))
        {
            throw new LatentAdapterException(name, $"unknown projector activation '{activationText}' (expected none or gelu)");
        }

        var queries = fields.Tensor(QueriesTensor, encoderHidden, queryCount);
        var layerCount = fields.Int("projector.layer_count");
        if (layerCount < 1)
        {
            throw new LatentAdapterException(name, $"the projector needs at least one layer, the file declares {layerCount}");
        }

        var layers = new List<LatentProjectorLayer>();
        for (var i = 0; i < layerCount; i++)
        {
            var info = file.FindTensor(WeightName(i)) ?? throw new LatentAdapterException(name, $"tensor '{WeightName(i)}' is missing");
            if (info.Dimensions.Count != 2)
            {
                throw new LatentAdapterException(name, $"tensor '{WeightName(i)}' must be 2-D, it has {info.Dimensions.Count} dimensions");
            }

            var inSize = (int)info.Dimensions[0];
            var outSize = (int)info.Dimensions[1];
            var weight = fields.Tensor(WeightName(i), inSize, outSize);
            var bias = file.FindTensor(BiasName(i)) is null ? null : fields.Tensor(BiasName(i), outSize);
            layers.Add(new LatentProjectorLayer(inSize, outSize, weight, bias));
        }

        LatentProjector projector;
        try
        {
            projector = new LatentProjector(layers, activation);
        }
        catch (ArgumentException e)
        {
            throw new LatentAdapterException(name, e.Message, e);
        }

        if (projector.InputSize != encoderHidden)
        {
            throw new LatentAdapterException(name, $"the projector takes {projector.InputSize} values but the encoder hidden size is {encoderHidden}");
        }

        if (projector.OutputSize != decoderHidden)
        {
            throw new LatentAdapterException(name, $"the projector gives {projector.OutputSize} values but decoder.hidden_size is {decoderHidden}");
        }

        var adapter = new LatentAdapter
        {
            Name = file.GetString(GgufKeys.Name) ?? Path.GetFileNameWithoutExtension(name),
            BlockSize = fields.Int("block_size"),
            QueryCount = queryCount,
            EncoderHiddenSize = encoderHidden,
            Queries = queries,
            Projector = projector,
            EncoderLatentStart = fields.Int("encoder.latent_start"),
            EncoderLatentStartText = fields.String("encoder.latent_start_text", ""),
            EncoderModel = new LatentModelReference(fields.String("encoder.model"), fields.String("encoder.fingerprint", "")),
            DecoderModel = new LatentModelReference(fields.String("decoder.model"), fields.String("decoder.fingerprint", "")),
            Decoder = new LatentPromptTemplate
            {
                Template = fields.String("decoder.template"),
                LatentStart = fields.Int("decoder.latent_start"),
                LatentEnd = fields.Int("decoder.latent_end"),
                LatentStartText = fields.String("decoder.latent_start_text", ""),
                LatentEndText = fields.String("decoder.latent_end_text", ""),
                BlockSeparator = fields.String("decoder.block_separator", ""),
                DefaultInstruction = fields.String("decoder.instruction", LatentPromptTemplate.ReconstructInstruction),
            },
        };
        adapter.Validate(name);
        return adapter;
    }

    private static string WeightName(int layer) => $"latent.projector.{layer}.weight";

    private static string BiasName(int layer) => $"latent.projector.{layer}.bias";

    /// <summary>Typed metadata and tensor access with errors that name the file and key.</summary>
    private sealed class Fields(GgufFile file, string name)
    {
        public int Int(string key)
        {
            var value = file.Find(Prefix + key) ?? throw Missing(key);
            try
            {
                return value.ToInt32();
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidCastException or OverflowException)
            {
                throw new LatentAdapterException(name, $"'{Prefix + key}' must be an integer, it is {value.Type}", e);
            }
        }

        public string String(string key, string? fallback = null)
        {
            if (file.Find(Prefix + key) is not { } value)
            {
                return fallback ?? throw Missing(key);
            }

            return value.Type == GgufValueType.String
                ? value.AsString()
                : throw new LatentAdapterException(name, $"'{Prefix + key}' must be a string, it is {value.Type}");
        }

        public float[] Tensor(string tensor, params long[] dimensions)
        {
            var info = file.FindTensor(tensor) ?? throw new LatentAdapterException(name, $"tensor '{tensor}' is missing");
            if (!info.Dimensions.SequenceEqual(dimensions))
            {
                throw new LatentAdapterException(name, $"tensor '{tensor}' is [{string.Join(", ", info.Dimensions)}], expected [{string.Join(", ", dimensions)}]");
            }

            try
            {
                return GgufTensorData.ReadAsFloats(file, info);
            }
            catch (Exception e) when (e is NotSupportedException or IOException)
            {
                throw new LatentAdapterException(name, $"tensor '{tensor}' cannot be read: {e.Message}", e);
            }
        }

        private LatentAdapterException Missing(string key) => new(name, $"metadata '{Prefix + key}' is missing");
    }
}
