using Compressor.Api.Contracts;
using Compressor.Compression.Errors;
using Compressor.Engine.Tokenization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Compressor.Api.Endpoints;

/// <summary>POST /v1/tokenize: count (and optionally list) tokens in any model's vocabulary.</summary>
public static class TokenizeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/tokenize").WithTags("Tokenize").MapPost("/", Tokenize).WithName("Tokenize");
    }

    public static Ok<TokenizeResponse> Tokenize(TokenizeRequest request, TokenizerService tokenizers)
    {
        if (request.Text is null)
        {
            throw CompressorException.BadRequest("text_missing", "text is required", "text");
        }

        var tokenizer = tokenizers.Resolve(request.Tokenizer, request.Model);
        var tokens = tokenizer.Encode(request.Text);
        return TypedResults.Ok(new TokenizeResponse(tokens.Length, tokenizer.Name, request.ReturnTokens ? tokens : null));
    }
}
