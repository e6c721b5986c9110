// Results of this page's own compressions, kept in memory so the detail view can show one even
// before its record is stored (or when the service runs without a database).
const recent = new Map();
const LIMIT = 20;

export function rememberResult(id, request, response) {
  recent.set(id, { request, response });
  if (recent.size > LIMIT) recent.delete(recent.keys().next().value);
}

/** The stored-record shape (GET /v1/compressions/{id}) rebuilt from a compress request and response. */
export function recalledRecord(id) {
  const entry = recent.get(id);
  if (!entry) return null;
  const { request, response } = entry;
  return {
    id: response.id,
    created_at: null,
    method: response.method,
    model: response.model,
    model_fingerprint: response.model_fingerprint,
    tokenizer: response.tokenizer,
    question: request.question ?? null,
    options: { target: request.target, keep: request.keep ?? [] },
    input_text: request.text ?? JSON.stringify(request.messages ?? []),
    output_text: response.messages ? JSON.stringify(response.messages) : response.text,
    original_tokens: response.original_tokens,
    compressed_tokens: response.compressed_tokens,
    ratio: response.ratio,
    budget_met: response.budget_met,
    cached: response.cached,
    timings: response.timings,
    details: response.details,
    pending: true,
    unsaved: true,
  };
}

// A draft handed from the detail view ("Edit in playground") to the playground.
let draft = null;

export function setDraft(value) {
  draft = value;
}

export function takeDraft() {
  const d = draft;
  draft = null;
  return d;
}
