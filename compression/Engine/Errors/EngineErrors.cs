using Compressor.Compression.Errors;
using Compressor.Native;

namespace Compressor.Engine.Errors;

/// <summary>The engine's failures as service errors (one place that decides codes and kinds).</summary>
public static class EngineErrors
{
    public static CompressorException ModelNotFound(string id) =>
        CompressorException.NotFound("model_not_found", $"no model '{id}' in the models directory (GET /v1/models lists them)", "model");

    public static CompressorException NoModelAvailable(string directory) =>
        CompressorException.Unavailable("model_unavailable",
            $"no model is available: put a GGUF file in '{directory}' and set Compressor__Models__Default to its name (without .gguf), " +
            "or name one in the request's 'model' field", retryAfterSeconds: 30);

    public static CompressorException ModelFileMissing(string id, string path) =>
        CompressorException.Unavailable("model_file_missing", $"the file of model '{id}' ({path}) is gone; restore it or pick another model", retryAfterSeconds: 30);

    public static CompressorException ModelInvalid(string id, string reason) =>
        CompressorException.Unprocessable("model_invalid", $"model '{id}' cannot be used: {reason}", "model");

    public static CompressorException Overloaded(int retryAfterSeconds) =>
        CompressorException.Unavailable("overloaded", "all inference contexts are busy and the queue is full; retry later", retryAfterSeconds);

    public static CompressorException PromptTooLong(int tokens, int limit, string target = "prompt") =>
        new(ErrorKind.TooLarge, "prompt_too_long", $"the input is {tokens} tokens; this context holds at most {limit}", target);

    /// <summary>Maps a native failure onto a service error; cancellation is rethrown by callers, not mapped.</summary>
    public static CompressorException FromNative(LlamaException e, string? target = null) => e.Code switch
    {
        LlamaErrorCode.GrammarInvalid => new CompressorException(ErrorKind.BadRequest, "grammar_invalid", e.Message, target ?? "constraint.value", e),
        LlamaErrorCode.NoKvSlot => new CompressorException(ErrorKind.TooLarge, "context_full", e.Message, target, e),
        LlamaErrorCode.ModelLoadFailed => new CompressorException(ErrorKind.Unprocessable, "model_load_failed", e.Message, target ?? "model", e),
        LlamaErrorCode.BackendUnavailable => new CompressorException(ErrorKind.Unavailable, "backend_unavailable", e.Message, target, e) { RetryAfterSeconds = 60 },
        LlamaErrorCode.TemplateFailed => new CompressorException(ErrorKind.Unprocessable, "chat_template_failed", e.Message, target ?? "messages", e),
        LlamaErrorCode.InvalidArgument or LlamaErrorCode.InvalidBatch => new CompressorException(ErrorKind.BadRequest, "invalid_input", e.Message, target, e),
        _ => new CompressorException(ErrorKind.Unavailable, "engine_failed", e.Message, target, e) { RetryAfterSeconds = 1 },
    };
}
