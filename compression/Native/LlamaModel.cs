using System.Runtime.InteropServices;
using System.Text;
using Compressor.Native.Handles;
using Compressor.Native.Interop;
using Compressor.Native.Loading;
using Compressor.Native.Logging;

namespace Compressor.Native;

/// <summary>
/// A loaded GGUF model (or only its vocabulary). One instance is meant to be shared by all
/// requests; contexts keep it alive, so disposing it while a context exists defers the free.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle handle;

    private LlamaModel(string path, SafeLlamaModelHandle handle, bool vocabOnly)
    {
        Path = path;
        this.handle = handle;
        IsVocabOnly = vocabOnly;
        var p = handle.DangerousGetHandle();
        Vocab = new LlamaVocab(this, LlamaApi.llama_model_get_vocab(p));
        EmbeddingSize = LlamaApi.llama_model_n_embd(p);
        LayerCount = LlamaApi.llama_model_n_layer(p);
        // Per-layer queries abort inside llama.cpp when no layers were loaded (vocab-only).
        HeadCount = vocabOnly || LayerCount == 0 ? 0 : LlamaApi.llama_model_n_head(p);
        HeadCountKv = vocabOnly || LayerCount == 0 ? 0 : LlamaApi.llama_model_n_head_kv(p);
        TrainContextLength = LlamaApi.llama_model_n_ctx_train(p);
        SizeBytes = (long)LlamaApi.llama_model_size(p);
        ParameterCount = (long)LlamaApi.llama_model_n_params(p);
        IsRecurrent = LlamaApi.llama_model_is_recurrent(p) != 0;
        var tmpl = LlamaApi.llama_model_chat_template(p, null);
        ChatTemplate = tmpl == null ? null : Marshal.PtrToStringUTF8((nint)tmpl);
        Description = ReadString((buf, len) => LlamaApi.llama_model_desc(p, buf, len)) ?? "";
    }

    public string Path { get; }

    public LlamaVocab Vocab { get; }

    public bool IsVocabOnly { get; }

    public int EmbeddingSize { get; }

    public int LayerCount { get; }

    public int HeadCount { get; }

    public int HeadCountKv { get; }

    public int TrainContextLength { get; }

    public long SizeBytes { get; }

    public long ParameterCount { get; }

    public bool IsRecurrent { get; }

    /// <summary>The model's own chat template (Jinja text from the GGUF), or null.</summary>
    public string? ChatTemplate { get; }

    public string Description { get; }

    internal SafeLlamaModelHandle Handle => handle;

    /// <summary>Loads a GGUF file. Throws <see cref="LlamaException"/> naming the file on any failure.</summary>
    public static LlamaModel Load(string path, LlamaModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LlamaModelOptions();
        if (!options.VocabOnly)
        {
            LlamaBackend.EnsureInitialized();
        }

        if (!File.Exists(path))
        {
            throw new LlamaException(LlamaErrorCode.ModelLoadFailed, $"model file '{path}' does not exist");
        }

        var p = LlamaApi.llama_model_default_params();
        p.NGpuLayers = options.GpuLayers;
        p.LoadMode = (int)options.LoadMode;
        p.VocabOnly = options.VocabOnly ? (byte)1 : (byte)0;
        p.CheckTensors = options.CheckTensors ? (byte)1 : (byte)0;

        NativeLog.ClearLastError();
        var pointer = LlamaApi.llama_model_load_from_file(path, p);
        if (pointer == 0)
        {
            var reason = NativeLog.TakeLastError();
            throw new LlamaException(LlamaErrorCode.ModelLoadFailed,
                $"llama.cpp could not load '{path}'" + (reason is null ? "" : $": {reason}"));
        }

        return new LlamaModel(System.IO.Path.GetFullPath(path), new SafeLlamaModelHandle(pointer), options.VocabOnly);
    }

    /// <summary>A GGUF metadata value as text, or null when the key is absent.</summary>
    public string? GetMetadata(string key)
    {
        using var lease = new HandleLease(handle);
        var p = lease.Pointer;
        return ReadString((buf, len) => LlamaApi.llama_model_meta_val_str(p, key, buf, len));
    }

    /// <summary>
    /// Formats chat messages with the model's template (or <paramref name="template"/>), through
    /// llama.cpp's built-in template matcher. Throws when the template is unknown to llama.cpp.
    /// </summary>
    public string ApplyChatTemplate(IReadOnlyList<(string Role, string Content)> messages, bool addAssistantPrefix, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        template ??= ChatTemplate ?? throw new LlamaException(LlamaErrorCode.TemplateFailed, $"model '{System.IO.Path.GetFileName(Path)}' has no chat template");
        var strings = new List<nint>();
        try
        {
            var chat = new LlamaChatMessage[messages.Count];
            var totalChars = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                var role = Marshal.StringToCoTaskMemUTF8(messages[i].Role);
                var content = Marshal.StringToCoTaskMemUTF8(messages[i].Content);
                strings.Add(role);
                strings.Add(content);
                chat[i] = new LlamaChatMessage { Role = (byte*)role, Content = (byte*)content };
                totalChars += messages[i].Content.Length + messages[i].Role.Length;
            }

            var tmpl = Marshal.StringToCoTaskMemUTF8(template);
            strings.Add(tmpl);
            var size = Math.Max(256, totalChars * 4 + 256);
            while (true)
            {
                var buffer = new byte[size];
                int n;
                fixed (LlamaChatMessage* c = chat)
                fixed (byte* b = buffer)
                {
                    n = LlamaApi.llama_chat_apply_template((byte*)tmpl, c, (nuint)chat.Length, addAssistantPrefix ? (byte)1 : (byte)0, b, buffer.Length);
                }

                if (n < 0)
                {
                    throw new LlamaException(LlamaErrorCode.TemplateFailed, "llama.cpp does not recognise this chat template", n);
                }

                if (n <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }

                size = n;
            }
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    public void Dispose() => handle.Dispose();

    private static string? ReadString(ReadInto read)
    {
        var size = 256;
        while (true)
        {
            var buffer = new byte[size];
            int n;
            fixed (byte* b = buffer)
            {
                n = read(b, (nuint)buffer.Length);
            }

            if (n < 0)
            {
                return null;
            }

            if (n < buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer, 0, n);
            }

            size = n + 1;
        }
    }

    private delegate int ReadInto(byte* buffer, nuint length);
}
