namespace Compressor.Api.Hosting;

/// <summary>What /health/ready says about Postgres: "ok", "unavailable" or "not_configured".</summary>
public sealed record DatabaseStatus(string Status, bool Migrated, double? LatencyMs, string? Error, int PendingRecords);
