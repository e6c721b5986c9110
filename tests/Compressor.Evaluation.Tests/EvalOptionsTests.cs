using Compressor.Evaluation.Cli;
using Compressor.Testing.Paths;

namespace Compressor.Evaluation.Tests;

public sealed class EvalOptionsTests
{
    [Fact]
    public void Attention_expands_to_one_method_per_policy_in_the_given_order()
    {
        var options = EvalOptions.Parse(["--methods", "bm25,attention,extract", "--attention-policy", "SnapKV, streaming,random", "--attention-model", "m.gguf"]);

        Assert.Equal(["bm25", "attention:snapkv", "attention:streaming", "attention:random", "extract"], options.EffectiveMethods);
        Assert.Equal([("attention:snapkv", "snapkv"), ("attention:streaming", "streaming"), ("attention:random", "random")], options.AttentionMethods);
        Assert.Equal("m.gguf", options.EffectiveAttentionModel);
    }

    [Fact]
    public void Attention_defaults_to_snapkv_and_the_trained_stories260K()
    {
        var options = EvalOptions.Parse(["--methods", "attention", "--attention-model", "random-qwen2.5-0.5b"]);
        Assert.Equal(["attention:snapkv"], options.EffectiveMethods);
        Assert.Equal("random-qwen2.5-0.5b", options.EffectiveAttentionModel);

        Assert.Equal(Path.Combine(RepositoryPaths.Shared, "models", "stories260K.gguf"), EvalOptions.DefaultAttentionModel);
        Assert.Equal(EvalOptions.DefaultAttentionModel, EvalOptions.Parse(["--methods", "bm25"]).EffectiveAttentionModel);
    }

    [Fact]
    public void A_policy_may_be_named_in_methods_and_duplicates_collapse()
    {
        var options = EvalOptions.Parse(["--methods", "attention:h2o,attention", "--attention-policy", "h2o,frequency", "--attention-model", "m.gguf"]);
        Assert.Equal(["attention:h2o", "attention:frequency"], options.EffectiveMethods);
    }

    [Fact]
    public void Without_attention_nothing_changes()
    {
        var plain = EvalOptions.Parse([]);
        Assert.Equal(["truncate", "random", "bm25", "extract"], plain.EffectiveMethods);
        Assert.Empty(plain.AttentionMethods);

        var ci = EvalOptions.Parse(["--ci"]);
        Assert.Empty(ci.AttentionMethods);
        Assert.Equal(2, ci.Limit);

        // A policy list alone does not add the method.
        Assert.Empty(EvalOptions.Parse(["--attention-policy", "streaming"]).AttentionMethods);
    }

    [Theory]
    [InlineData("--methods", "attention", "--attention-policy", "lru")]
    [InlineData("--methods", "attention:lru", "--attention-model", "m.gguf")]
    [InlineData("--attention-policy", "lru", "--methods", "bm25")]
    [InlineData("--methods", "attention", "--attention-policy", ",")]
    public void Unknown_or_empty_policies_are_refused(params string[] args)
    {
        var e = Assert.Throws<ArgumentException>(() => EvalOptions.Parse([.. args, "--attention-model", "m.gguf"]));
        Assert.Contains("polic", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--attention-model")]
    [InlineData("--attention-policy")]
    public void The_new_flags_need_a_value(string flag)
    {
        var e = Assert.Throws<ArgumentException>(() => EvalOptions.Parse(["--methods", "attention", flag]));
        Assert.Contains(flag, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_default_model_is_named_when_no_model_is_given()
    {
        if (File.Exists(EvalOptions.DefaultAttentionModel))
        {
            Assert.Equal(EvalOptions.DefaultAttentionModel, EvalOptions.Parse(["--methods", "attention"]).EffectiveAttentionModel);
        }
        else
        {
            var e = Assert.Throws<ArgumentException>(() => EvalOptions.Parse(["--methods", "attention"]));
            Assert.Contains("--attention-model", e.Message, StringComparison.Ordinal);
        }
    }
}
