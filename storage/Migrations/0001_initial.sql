-- Compression records: the numbers are kept forever, the texts until retention nulls them.
CREATE TABLE compressions (
    id                uuid             PRIMARY KEY,
    created_at        timestamptz      NOT NULL,
    method            text             NOT NULL,
    model             text             NULL,
    model_fingerprint text             NULL,
    tokenizer         text             NULL,
    question          text             NULL,
    options           jsonb            NOT NULL,
    input_text        text             NULL,
    output_text       text             NULL,
    original_tokens   integer          NOT NULL,
    compressed_tokens integer          NOT NULL,
    ratio             double precision NOT NULL,
    budget_met        boolean          NOT NULL,
    cached            boolean          NOT NULL,
    timings           jsonb            NOT NULL,
    details           jsonb            NULL,
    text_purged_at    timestamptz      NULL
);

-- Lists are newest first, optionally narrowed to one method or model.
CREATE INDEX compressions_created_idx ON compressions (created_at DESC, id DESC);
CREATE INDEX compressions_method_created_idx ON compressions (method, created_at DESC, id DESC);
CREATE INDEX compressions_model_created_idx ON compressions (model, created_at DESC, id DESC);
-- Retention scans only rows that still hold text.
CREATE INDEX compressions_text_created_idx ON compressions (created_at)
    WHERE input_text IS NOT NULL OR output_text IS NOT NULL OR question IS NOT NULL;

-- Result cache: payload is json (not jsonb) so it comes back byte for byte as it was stored.
CREATE TABLE result_cache (
    key         text        PRIMARY KEY,
    method      text        NOT NULL,
    payload     json        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_hit_at timestamptz NULL,
    hits        bigint      NOT NULL DEFAULT 0
);

-- Binary artifacts (latent vectors, KV-cache states), addressed by kind and key.
CREATE TABLE blobs (
    kind       text        NOT NULL,
    key        text        NOT NULL,
    data       bytea       NOT NULL,
    meta       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, key)
);
-- Float tensors barely compress; skip TOAST compression and keep them out of line.
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;
