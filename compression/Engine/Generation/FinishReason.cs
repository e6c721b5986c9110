namespace Compressor.Engine.Generation;

/// <summary>Why generation ended, in OpenAI's words where they exist.</summary>
public static class FinishReason
{
    /// <summary>End-of-generation token or a stop string.</summary>
    public const string Stop = "stop";

    /// <summary>max_tokens reached or the context is full.</summary>
    public const string Length = "length";

    /// <summary>A constraint left no acceptable token.</summary>
    public const string NoValidToken = "no_valid_token";
}
