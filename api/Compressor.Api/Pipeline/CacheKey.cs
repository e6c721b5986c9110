using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Compressor.Api.Configuration;

namespace Compressor.Api.Pipeline;

/// <summary>
/// The result-cache key: a SHA-256 over everything that determines a compression's output (method,
/// options, input, question, target, keep list, seed, tokenizer and model fingerprints) and a code
/// version, bumped whenever an algorithm's output changes.
/// </summary>
public static class CacheKey
{
    public const string CodeVersion = "compressor-cache-v1";

    public static string Compute(object parts)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(parts, ApiJson.Options);
        var prefix = Encoding.UTF8.GetBytes(CodeVersion + "\n");
        return "v1:" + Convert.ToHexStringLower(SHA256.HashData([.. prefix, .. json]));
    }
}
