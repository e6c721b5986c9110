using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Compressor.Testing.Postgres;

/// <summary>Runs a PostgreSQL server program, as the postgres user when we are root (initdb and postgres refuse root).</summary>
internal static class PostgresCommand
{
    public static bool RunAsRoot => System.Environment.IsPrivilegedProcess;

    public static async Task RunAsync(string program, IEnumerable<string> arguments, string? logFile = null)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (RunAsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.FileName = program;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = new StringBuilder()
            .Append(await stdout.ConfigureAwait(false))
            .Append(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            if (logFile is not null && File.Exists(logFile))
            {
                output.AppendLine().Append("Server log:").AppendLine().Append(await File.ReadAllTextAsync(logFile).ConfigureAwait(false));
            }

            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:{System.Environment.NewLine}{output}");
        }
    }

    /// <summary>
    /// Starts a detached shell that stops the cluster and deletes its folder once this process is gone.
    /// The test host is often killed right after the run, before exit handlers finish, so they cannot be relied on.
    /// </summary>
    public static void StartWatchdog(string pgCtl, string dataDirectory, string rootDirectory)
    {
        const string script = """
            exec </dev/null >/dev/null 2>&1
            while kill -0 "$1" 2>/dev/null; do sleep 1; done
            if [ -f "$3/postmaster.pid" ]; then
              if [ "$5" = root ]; then runuser -u postgres -- "$2" -D "$3" -m immediate -w stop; else "$2" -D "$3" -m immediate -w stop; fi
            fi
            rm -rf "$4"
            """;
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            // Redirected so the watchdog holds none of our own stdio open; it switches to /dev/null at once.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])["sh", "-c", script, "watchdog",
            System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture), pgCtl, dataDirectory, rootDirectory,
            RunAsRoot ? "root" : "user"])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)
            ?? throw new InvalidOperationException("Could not start the cluster watchdog.");
    }

    /// <summary>Hands a folder we created to the postgres user, so the server can own its data directory.</summary>
    public static async Task ChownToPostgresAsync(string path)
    {
        if (!RunAsRoot)
        {
            return;
        }

        using var process = Process.Start(new ProcessStartInfo("chown", ["-R", "postgres:postgres", path]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start chown.");
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R postgres:postgres {path} exited with {process.ExitCode}.");
        }
    }
}
