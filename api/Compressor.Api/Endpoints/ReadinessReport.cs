using Compressor.Api.Hosting;

namespace Compressor.Api.Endpoints;

/// <summary>GET /health/ready: "ready", "degraded" (no database or no default model: model-free work still runs) or "down".</summary>
public sealed record ReadinessReport(string Status, DatabaseStatus Database, ReadinessModels Models);
