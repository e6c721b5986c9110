using System.Text.Json.Nodes;
using Compressor.Compression.Errors;
using Compressor.Constraints.Gbnf;
using Compressor.Constraints.JsonSchema;
using Xunit.Abstractions;

namespace Compressor.Constraints.Tests.JsonSchema;

public class MaskBenchTests(ITestOutputHelper output)
{
    [Fact]
    public void Converted_schemas_accept_valid_instances_and_validation_catches_invalid_ones()
    {
        var folder = EvalData.Folder("jsonschemabench/maskbench/data");
        if (folder is null)
        {
            return;
        }

        int files = 0, converted = 0, valid = 0, validAccepted = 0, invalid = 0, invalidCaught = 0, grammarRejected = 0, validatorAgrees = 0, labelled = 0;
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            files++;
            var doc = JsonNode.Parse(File.ReadAllText(file))!;
            var schema = doc["schema"];
            GbnfMatcher? matcher = null;
            try
            {
                matcher = GbnfMatcher.FromText(JsonSchemaToGbnf.Convert(schema));
                converted++;
            }
            catch (CompressorException)
            {
            }

            foreach (var test in doc["tests"] as JsonArray ?? [])
            {
                var data = test!["data"];
                var isValid = test["valid"]!.GetValue<bool>();
                bool validatorSays;
                try
                {
                    validatorSays = JsonSchemaValidator.IsValid(data, schema);
                }
                catch (CompressorException)
                {
                    validatorSays = !isValid;
                }

                labelled++;
                validatorAgrees += validatorSays == isValid ? 1 : 0;
                if (matcher is null)
                {
                    continue;
                }

                var text = InstanceOrder.Canonicalize(data, schema, schema)?.ToJsonString(JsonSchemaToGbnfTests.Compact) ?? "null";
                bool accepted;
                try
                {
                    accepted = matcher.IsMatch(text);
                }
                catch (CompressorException)
                {
                    accepted = false;
                }

                if (isValid)
                {
                    valid++;
                    validAccepted += accepted ? 1 : 0;
                }
                else
                {
                    invalid++;
                    grammarRejected += accepted ? 0 : 1;
                    invalidCaught += !accepted || !validatorSays ? 1 : 0;
                }
            }
        }

        output.WriteLine($"MaskBench: {converted}/{files} schemas converted ({(double)converted / files:P1})");
        output.WriteLine($"  valid instances accepted by the grammar: {validAccepted}/{valid} ({(double)validAccepted / valid:P1})");
        output.WriteLine($"  invalid instances rejected by the grammar: {grammarRejected}/{invalid}; by grammar or validator: {invalidCaught}/{invalid}");
        output.WriteLine($"  validator agrees with the labels: {validatorAgrees}/{labelled} ({(double)validatorAgrees / labelled:P1})");
        Assert.True(validAccepted >= valid * 0.9, $"{validAccepted}/{valid}");
        Assert.True(invalidCaught >= invalid * 0.97, $"{invalidCaught}/{invalid}");
    }
}
