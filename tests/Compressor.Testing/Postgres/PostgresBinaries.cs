using System.Globalization;

namespace Compressor.Testing.Postgres;

/// <summary>Where the PostgreSQL server programs live: Debian puts each version under /usr/lib/postgresql/&lt;ver&gt;/bin.</summary>
public sealed record PostgresBinaries(string Directory)
{
    /// <summary>Overrides the search, for machines that install PostgreSQL elsewhere.</summary>
    public const string DirectoryVariable = "COMPRESSOR_PG_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>The newest installed version, or a clear error saying how to install one.</summary>
    public static PostgresBinaries Find()
    {
        var overridden = System.Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return Check(new PostgresBinaries(overridden))
                ?? throw Missing($"{DirectoryVariable}={overridden} does not contain initdb and pg_ctl.");
        }

        var candidates = System.IO.Directory.Exists(DebianRoot)
            ? System.IO.Directory.GetDirectories(DebianRoot)
            : [];
        var newest = candidates
            .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
            .Where(c => c.Version is not null)
            .OrderByDescending(c => c.Version)
            .Select(c => Check(new PostgresBinaries(Path.Combine(c.Dir, "bin"))))
            .FirstOrDefault(b => b is not null);
        return newest ?? throw Missing($"No {DebianRoot}/<version>/bin with initdb and pg_ctl was found.");
    }

    private static PostgresBinaries? Check(PostgresBinaries binaries) =>
        File.Exists(binaries.InitDb) && File.Exists(binaries.PgCtl) ? binaries : null;

    private static Version? ParseVersion(string name) =>
        int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? new Version(major, 0)
            : Version.TryParse(name, out var version) ? version : null;

    private static InvalidOperationException Missing(string detail) => new(
        $"PostgreSQL server binaries are not installed, and the storage tests need a real PostgreSQL. {detail} "
        + "Run `deploy/setup.sh --test` (as root it installs Debian's postgresql package).");
}
