using Npgsql;
using NpgsqlTypes;

namespace Compressor.Storage;

/// <summary>Small parameter and column helpers shared by the stores.</summary>
internal static class Db
{
    public static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    /// <summary>JSON text sent as jsonb; the server validates it.</summary>
    public static NpgsqlParameter Json(string name, string? value) =>
        new(name, NpgsqlDbType.Jsonb) { Value = (object?)value ?? DBNull.Value };

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
