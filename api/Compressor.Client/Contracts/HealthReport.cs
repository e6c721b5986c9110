using System.Text.Json;

namespace Compressor.Client.Contracts;

/// <summary>/health/live or /health/ready: "live", "ready", "degraded" or "down", with the raw report for details.</summary>
public sealed record HealthReport(string Status, JsonElement Report);
