using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Compressor.Storage;

/// <summary><see cref="ICompressionStore"/> over the <c>compressions</c> table.</summary>
public sealed class NpgsqlCompressionStore : ICompressionStore
{
    private const string RecordColumns = """
        id, created_at, method, model, model_fingerprint, tokenizer, question, options::text,
        input_text, output_text, original_tokens, compressed_tokens, ratio, budget_met, cached,
        timings::text, details::text
        """;

    // jsonb_typeof guards the cast: a non-numeric "total" reads as null rather than failing the page.
    private const string SummaryColumns = """
        id, created_at, method, model, original_tokens, compressed_tokens, ratio, budget_met, cached,
        CASE WHEN jsonb_typeof(timings -> 'total') = 'number' THEN (timings ->> 'total')::double precision END,
        left(input_text, 200)
        """;

    private const string SaveSql = """
        INSERT INTO compressions (id, created_at, method, model, model_fingerprint, tokenizer, question, options,
            input_text, output_text, original_tokens, compressed_tokens, ratio, budget_met, cached, timings, details)
        VALUES (@id, @created_at, @method, @model, @model_fingerprint, @tokenizer, @question, @options,
            @input_text, @output_text, @original_tokens, @compressed_tokens, @ratio, @budget_met, @cached, @timings, @details)
        ON CONFLICT (id) DO UPDATE SET
            created_at = EXCLUDED.created_at, method = EXCLUDED.method, model = EXCLUDED.model,
            model_fingerprint = EXCLUDED.model_fingerprint, tokenizer = EXCLUDED.tokenizer,
            question = EXCLUDED.question, options = EXCLUDED.options, input_text = EXCLUDED.input_text,
            output_text = EXCLUDED.output_text, original_tokens = EXCLUDED.original_tokens,
            compressed_tokens = EXCLUDED.compressed_tokens, ratio = EXCLUDED.ratio,
            budget_met = EXCLUDED.budget_met, cached = EXCLUDED.cached, timings = EXCLUDED.timings,
            details = EXCLUDED.details, text_purged_at = NULL
        """;

    private const string PurgeSql = """
        UPDATE compressions
        SET input_text = NULL, output_text = NULL, question = NULL, text_purged_at = now()
        WHERE created_at < @cutoff
          AND (input_text IS NOT NULL OR output_text IS NOT NULL OR question IS NOT NULL)
        """;

    private readonly StorageExecutor _executor;

    public NpgsqlCompressionStore(NpgsqlDataSource dataSource, ILogger<NpgsqlCompressionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        _executor = new StorageExecutor(dataSource, logger);
    }

    public Task SaveAsync(CompressionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(record.Method, nameof(record));
        ArgumentNullException.ThrowIfNull(record.OptionsJson, nameof(record));
        ArgumentNullException.ThrowIfNull(record.TimingsJson, nameof(record));

        return _executor.RunAsync("save compression", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(SaveSql, connection);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<Guid>("id", record.Id));
            // timestamptz accepts only UTC offsets from .NET.
            p.Add(new NpgsqlParameter<DateTimeOffset>("created_at", record.CreatedAt.ToUniversalTime()));
            p.Add(new NpgsqlParameter<string>("method", record.Method));
            p.Add(Db.Text("model", record.Model));
            p.Add(Db.Text("model_fingerprint", record.ModelFingerprint));
            p.Add(Db.Text("tokenizer", record.Tokenizer));
            p.Add(Db.Text("question", record.Question));
            p.Add(Db.Json("options", record.OptionsJson));
            p.Add(Db.Text("input_text", record.InputText));
            p.Add(Db.Text("output_text", record.OutputText));
            p.Add(new NpgsqlParameter<int>("original_tokens", record.OriginalTokens));
            p.Add(new NpgsqlParameter<int>("compressed_tokens", record.CompressedTokens));
            p.Add(new NpgsqlParameter<double>("ratio", record.Ratio));
            p.Add(new NpgsqlParameter<bool>("budget_met", record.BudgetMet));
            p.Add(new NpgsqlParameter<bool>("cached", record.Cached));
            p.Add(Db.Json("timings", record.TimingsJson));
            p.Add(Db.Json("details", record.DetailsJson));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<CompressionRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        _executor.RunAsync("get compression", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand($"SELECT {RecordColumns} FROM compressions WHERE id = @id", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? ReadRecord(reader) : null;
            }
        }, cancellationToken);

    public Task<CompressionPage> ListAsync(CompressionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var where = BuildWhere(query);

        return _executor.RunAsync("list compressions", async (connection, ct) =>
        {
            // One round trip: the page and the total over the same filter.
            using var batch = new NpgsqlBatch(connection);
            var page = new NpgsqlBatchCommand(
                $"SELECT {SummaryColumns} FROM compressions{where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset");
            AddFilterParameters(page.Parameters, query);
            page.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit));
            page.Parameters.Add(new NpgsqlParameter<int>("offset", query.Offset));
            var count = new NpgsqlBatchCommand($"SELECT count(*) FROM compressions{where}");
            AddFilterParameters(count.Parameters, query);
            batch.BatchCommands.Add(page);
            batch.BatchCommands.Add(count);

            var items = new List<CompressionSummary>(query.Limit);
            var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    items.Add(ReadSummary(reader));
                }

                await reader.NextResultAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                return new CompressionPage(items, reader.GetInt64(0));
            }
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default) =>
        _executor.RunAsync("delete compression", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand("DELETE FROM compressions WHERE id = @id", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
        }, cancellationToken);

    public Task<int> PurgeTextOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _executor.RunAsync("purge compression text", async (connection, ct) =>
        {
            using var command = new NpgsqlCommand(PurgeSql, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff.ToUniversalTime()));
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    private static string BuildWhere(CompressionQuery query)
    {
        var conditions = new List<string>(3);
        if (query.Method is not null)
        {
            conditions.Add("method = @method");
        }

        if (query.Model is not null)
        {
            conditions.Add("model = @model");
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            conditions.Add("(input_text ILIKE @search ESCAPE '\\' OR output_text ILIKE @search ESCAPE '\\')");
        }

        return conditions.Count == 0
            ? ""
            : new StringBuilder(" WHERE ").AppendJoin(" AND ", conditions).ToString();
    }

    private static void AddFilterParameters(NpgsqlParameterCollection parameters, CompressionQuery query)
    {
        if (query.Method is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("method", query.Method));
        }

        if (query.Model is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("model", query.Model));
        }

        if (!string.IsNullOrEmpty(query.Search))
        {
            parameters.Add(new NpgsqlParameter<string>("search", LikePattern.Contains(query.Search)));
        }
    }

    private static CompressionRecord ReadRecord(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
        Method = reader.GetString(2),
        Model = Db.NullableString(reader, 3),
        ModelFingerprint = Db.NullableString(reader, 4),
        Tokenizer = Db.NullableString(reader, 5),
        Question = Db.NullableString(reader, 6),
        OptionsJson = reader.GetString(7),
        InputText = Db.NullableString(reader, 8),
        OutputText = Db.NullableString(reader, 9),
        OriginalTokens = reader.GetInt32(10),
        CompressedTokens = reader.GetInt32(11),
        Ratio = reader.GetDouble(12),
        BudgetMet = reader.GetBoolean(13),
        Cached = reader.GetBoolean(14),
        TimingsJson = reader.GetString(15),
        DetailsJson = Db.NullableString(reader, 16),
    };

    private static CompressionSummary ReadSummary(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetFieldValue<DateTimeOffset>(1),
        reader.GetString(2),
        Db.NullableString(reader, 3),
        reader.GetInt32(4),
        reader.GetInt32(5),
        reader.GetDouble(6),
        reader.GetBoolean(7),
        reader.GetBoolean(8),
        reader.IsDBNull(9) ? null : reader.GetDouble(9),
        Db.NullableString(reader, 10));
}
