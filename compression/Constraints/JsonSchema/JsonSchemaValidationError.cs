namespace Compressor.Constraints.JsonSchema;

/// <summary>One failed assertion: where in the instance, which schema keyword, and why.</summary>
public sealed record JsonSchemaValidationError(string InstancePath, string SchemaPath, string Message)
{
    public override string ToString() => $"{InstancePath}: {Message} ({SchemaPath})";
}
