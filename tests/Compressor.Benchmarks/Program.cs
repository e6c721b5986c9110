using Compressor.Benchmarks.Binding;
using Compressor.Benchmarks.Constrained;
using Compressor.Benchmarks.Eviction;
using Compressor.Benchmarks.Gpu;
using Compressor.Benchmarks.Latent;

// Benchmarks print markdown tables; each measures ratios against a baseline in the same run.
// Usage: dotnet run --project tests/Compressor.Benchmarks -c Release -- <engine|latent|...> [options]
var benchmarks = new Dictionary<string, Func<string[], Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["binding"] = BindingBenchmark.RunAsync,
    ["latent"] = LatentBenchmark.RunAsync,
    ["eviction"] = EvictionBenchmark.RunAsync,
    ["constrained"] = ConstrainedBenchmark.RunAsync,
    ["constrained-replay"] = ReplayBenchmark.RunAsync,
    ["gpu"] = GpuCheck.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Compressor.Benchmarks <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

await run(args[1..]);
return Environment.ExitCode;
