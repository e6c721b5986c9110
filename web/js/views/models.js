// #/models: the registry with GGUF metadata and load state, and the service's readiness.
import { api } from '../api.js';
import { clear, h } from '../dom.js';
import * as fmt from '../format.js';
import { badge, keyValues, loading, problemBox, section } from '../ui.js';

export async function renderModels(container, { signal }) {
  const readiness = h('div', null, loading('Checking readiness…'));
  const registry = h('div', null, loading());
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Models')), section('Service', readiness), registry);

  const [health, models] = await Promise.allSettled([api.health(signal), api.models(signal)]);
  if (signal.aborted) return;

  clear(readiness);
  if (health.status === 'fulfilled') {
    const r = health.value ?? {};
    const db = r.database ?? {};
    const m = r.models ?? {};
    readiness.append(keyValues([
      ['Status', badge(String(r.status ?? '?'), r.status === 'ready' ? 'good' : r.status === 'degraded' ? 'warn' : 'bad')],
      ['Database', `${db.status ?? '?'}${Number.isFinite(db.latency_ms) ? ` (${fmt.ms(db.latency_ms)})` : ''}${db.error ? ` – ${db.error}` : ''}`],
      ['Pending records', db.pending_records != null ? String(db.pending_records) : '–'],
      ['Models folder', m.directory ? h('code', null, String(m.directory)) : '–'],
      ['Default model', m.default ? `${m.default}${m.default_present ? '' : ' (missing)'}` : '– (none configured)'],
      ['Native backend', m.backend ?? (m.native_present === false ? 'missing' : '–')],
    ], 'kv-inline'));
  } else {
    readiness.append(problemBox(health.reason));
  }

  clear(registry);
  if (models.status === 'rejected') {
    registry.append(problemBox(models.reason));
    return;
  }
  const list = models.value?.data ?? [];
  registry.append(h('p', { class: 'muted' }, `${list.length} model${list.length === 1 ? '' : 's'} in `, h('code', null, String(models.value?.directory ?? '?'))));
  if (list.length === 0) {
    registry.append(h('p', { class: 'empty' }, 'No .gguf files found. Put a model in the models folder (Compressor__Models__Directory).'));
    return;
  }
  registry.append(h('div', { class: 'model-list' }, list.map(modelCard)));
}

function modelCard(m) {
  return h('article', { class: ['model', m.error && 'model-error'], dataset: { id: m.id } },
    h('h2', null, m.id, ' ',
      m.is_default ? badge('default', 'info') : null, ' ',
      m.loaded ? badge('loaded', 'good') : badge('not loaded', 'muted'), ' ',
      m.vocab_only ? badge('vocab only', 'warn') : null),
    m.error ? h('p', { class: 'problem', role: 'alert' }, String(m.error)) : null,
    keyValues([
      ['Name', m.name ?? '–'],
      ['File', h('code', null, String(m.file ?? '–'))],
      ['Size', fmt.bytes(m.file_size)],
      ['Architecture', m.architecture ?? '–'],
      ['Parameters', fmt.count(m.parameter_count)],
      ['Context length', fmt.tokens(m.context_length)],
      ['Embedding', fmt.tokens(m.embedding_length)],
      ['Layers / heads', `${m.layer_count ?? '–'} / ${m.head_count ?? '–'}`],
      ['Vocabulary', `${fmt.tokens(m.vocab_size)} (${m.tokenizer_model ?? '?'})`],
      ['File type', m.file_type ?? '–'],
      ['Chat template', fmt.yesNo(m.has_chat_template)],
      ['Fingerprint', m.fingerprint ? h('code', { class: 'wrap' }, m.fingerprint) : 'not computed yet'],
    ]));
}
