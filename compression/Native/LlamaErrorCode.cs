namespace Compressor.Native;

/// <summary>Why a native call failed; the engine maps these onto the service's error codes.</summary>
public enum LlamaErrorCode
{
    BackendUnavailable,
    ModelLoadFailed,
    ContextCreateFailed,
    NoKvSlot,
    InvalidBatch,
    DecodeFailed,
    Aborted,
    GrammarInvalid,
    TokenizeFailed,
    StateRestoreFailed,
    TemplateFailed,
    InvalidArgument,
}
