using Compressor.Compression.Errors;

namespace Compressor.Engine.Latent;

/// <summary>The latent codec's failures as service errors; every mismatch names what does not fit.</summary>
public static class LatentErrors
{
    public static CompressorException AdapterNotFound(string id) =>
        CompressorException.NotFound("adapter_not_found", $"no latent adapter '{id}' (files named <id>{LatentAdapterFile.Extension} in the adapters folder)", "options.adapter");

    public static CompressorException NoDefaultAdapter(string directory, int count) =>
        CompressorException.BadRequest("adapter_required", count == 0
            ? $"no latent adapter is installed: put a *{LatentAdapterFile.Extension} file in '{directory}' (see compressor-convert convert-c3)"
            : $"{count} latent adapters are installed and none is the default: name one in options.adapter", "options.adapter");

    public static CompressorException AdapterInvalid(string id, string reason, Exception? inner = null) =>
        new(ErrorKind.Unprocessable, "adapter_invalid", $"latent adapter '{id}' cannot be used: {reason}", "options.adapter", inner);

    public static CompressorException ModelMismatch(string adapter, string role, string model, string expected, string actual) =>
        CompressorException.BadRequest("adapter_model_mismatch",
            $"latent adapter '{adapter}' was made for {role} model '{model}' with fingerprint {expected}, but '{model}' in the models directory is {actual}", "options.adapter");

    public static CompressorException HiddenSizeMismatch(string adapter, string role, string model, int expected, int actual) =>
        CompressorException.BadRequest("hidden_size_mismatch",
            $"latent adapter '{adapter}' expects a {role} hidden size of {expected}, but model '{model}' has {actual}", "options.adapter");

    public static CompressorException MarkerMismatch(string adapter, string role, string model, int token, string expected, string actual) =>
        CompressorException.BadRequest("marker_token_mismatch",
            $"latent adapter '{adapter}' uses token {token} ('{expected}') as a {role} marker, but in model '{model}' that token is '{actual}'", "options.adapter");

    public static CompressorException LatentsFromOtherAdapter(string latentsAdapter, string requested) =>
        CompressorException.BadRequest("latents_adapter_mismatch",
            $"these latents were made with adapter '{latentsAdapter}', not '{requested}'", "latents");

    public static CompressorException LatentsAdapterChanged(string adapter) =>
        CompressorException.BadRequest("latents_adapter_changed",
            $"these latents were made with another version of adapter '{adapter}' (its file changed since); compress the text again", "latents");

    public static CompressorException LatentsHiddenSize(string adapter, int expected, int actual) =>
        CompressorException.BadRequest("hidden_size_mismatch",
            $"the latents have {actual} values per vector, adapter '{adapter}' decodes vectors of {expected}", "latents.vectors");

    public static CompressorException LatentsInvalid(string reason) =>
        CompressorException.BadRequest("latents_invalid", reason, "latents.vectors");

    public static CompressorException LatentsNotFound(Guid id) =>
        CompressorException.NotFound("latents_not_found", $"no stored latents with id {id}", "latents.id");

    public static CompressorException MessagesNotSupported() =>
        CompressorException.BadRequest("messages_not_supported", "the latent method compresses text; send 'text', not 'messages'", "messages");
}
