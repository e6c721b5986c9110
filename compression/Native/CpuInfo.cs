namespace Compressor.Native;

/// <summary>Physical core count (not hardware threads), read once from /proc/cpuinfo on Linux.</summary>
public static class CpuInfo
{
    private static readonly Lazy<int> Cores = new(Detect);

    public static int PhysicalCores => Cores.Value;

    private static int Detect()
    {
        try
        {
            var pairs = new HashSet<(string, string)>();
            string physical = "0", core = "";
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (key == "physical id")
                {
                    physical = value;
                }
                else if (key == "core id")
                {
                    core = value;
                    pairs.Add((physical, core));
                }
            }

            if (pairs.Count > 0)
            {
                return Math.Min(pairs.Count, Environment.ProcessorCount);
            }
        }
        catch (IOException)
        {
            // Fall through to the logical count.
        }

        return Math.Max(1, Environment.ProcessorCount);
    }
}
