namespace Compressor.Api.Endpoints;

public sealed record ReadinessModels(string Directory, int Count, string? Default, bool DefaultPresent, string NativeDirectory, bool NativePresent,
    string? Backend, bool BundledTokenizer);
