using System.ClientModel;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Compressor.Client.Tests;

/// <summary>The official OpenAI .NET SDK pointed at the service. Tiny models write gibberish: shapes and counts are asserted, not content.</summary>
[Collection(ServiceGroup.Name)]
public sealed class OpenAiSdkTests(ServiceFixture service)
{
    private OpenAIClientOptions Options => new() { Endpoint = new Uri(service.BaseAddress, "v1") };

    private ChatClient Chat => new("tiny", new ApiKeyCredential("not-needed"), Options);

    [Fact]
    public async Task Chat_completion_answers_with_one_choice_and_usage()
    {
        ChatCompletion completion = await Chat.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Say hello.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 12, Temperature = 0 });

        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.StartsWith("chatcmpl-", completion.Id);
        Assert.Equal("tiny", completion.Model);
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.Single(completion.Content);
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 12);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Same_seed_at_temperature_zero_gives_the_same_text()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 };
        ChatCompletion a = await Chat.CompleteChatAsync([new UserChatMessage("Count to three.")], options);
        ChatCompletion b = await Chat.CompleteChatAsync([new UserChatMessage("Count to three.")], options);
        Assert.Equal(a.Content[0].Text, b.Content[0].Text);
    }

    [Fact]
    public async Task Streaming_yields_deltas_a_finish_reason_and_usage()
    {
        var text = "";
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        var updates = 0;
        await foreach (var update in Chat.CompleteChatStreamingAsync(
            [new UserChatMessage("Tell a story.")], new ChatCompletionOptions { MaxOutputTokenCount = 10, Temperature = 0 }))
        {
            updates++;
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(updates >= 3, $"only {updates} updates");
        Assert.NotNull(finish);
        Assert.NotNull(usage);
        Assert.InRange(usage!.OutputTokenCount, 1, 10);

        // The streamed text is the whole text.
        ChatCompletion whole = await Chat.CompleteChatAsync([new UserChatMessage("Tell a story.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 10, Temperature = 0 });
        Assert.Equal(whole.Content[0].Text, text);
    }

    [Fact]
    public async Task Json_schema_structured_output_parses_and_conforms()
    {
        var schema = """
            {"type": "object", "properties": {"city": {"type": "string", "maxLength": 12}, "year": {"type": "integer"}},
             "required": ["city", "year"], "additionalProperties": false}
            """;
        ChatCompletion completion = await Chat.CompleteChatAsync([new UserChatMessage("When was the Eiffel Tower built?")],
            new ChatCompletionOptions
            {
                MaxOutputTokenCount = 120,
                Temperature = 0,
                ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("answer", BinaryData.FromString(schema), jsonSchemaIsStrict: true),
            });

        using var doc = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("city").ValueKind);
        Assert.Equal(JsonValueKind.Number, doc.RootElement.GetProperty("year").ValueKind);
        Assert.Equal(2, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Json_object_mode_returns_a_json_object()
    {
        ChatCompletion completion = await Chat.CompleteChatAsync([new UserChatMessage("Describe Paris as JSON.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 80, Temperature = 0, ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        using var doc = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task Models_list_reads_as_openai_models()
    {
        var models = new OpenAIModelClient(new ApiKeyCredential("not-needed"), Options);
        OpenAIModelCollection list = await models.GetModelsAsync();
        var tiny = Assert.Single(list, m => m.Id == "tiny");
        Assert.Equal("compressor", tiny.OwnedBy);
        Assert.True(tiny.CreatedAt > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Errors_surface_as_client_result_exceptions_with_status()
    {
        var unknown = new ChatClient("no-such-model", new ApiKeyCredential("not-needed"), Options);
        var e = await Assert.ThrowsAsync<ClientResultException>(() => unknown.CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, e.Status);
        Assert.Contains("no-such-model", e.Message);
    }
}
