// #/history: stored compressions, newest first; filters live in the hash so a view can be linked.
import { api } from '../api.js';
import { clear, field, h, option } from '../dom.js';
import * as fmt from '../format.js';
import { badge, loading, pager, problemBox, yesNoBadge } from '../ui.js';

export const METHODS = ['truncate', 'extract', 'summarize', 'attention', 'latent'];
const LIMIT = 20;

export async function renderHistory(container, { query, signal, navigate }) {
  const state = {
    method: query.get('method') ?? '',
    model: query.get('model') ?? '',
    q: query.get('q') ?? '',
    offset: Math.max(0, Number.parseInt(query.get('offset') ?? '0', 10) || 0),
  };

  const go = (next) => {
    const s = { ...state, ...next };
    const q = new URLSearchParams();
    for (const k of ['method', 'model', 'q']) if (s[k]) q.set(k, s[k]);
    if (s.offset) q.set('offset', String(s.offset));
    const qs = q.toString();
    navigate(`#/history${qs ? `?${qs}` : ''}`);
  };

  const methodSelect = h('select', { name: 'method' }, option('', 'All methods'), METHODS.map((m) => option(m, m, m === state.method)));
  const modelSelect = h('select', { name: 'model' }, option('', 'All models'), state.model ? option(state.model, state.model, true) : null);
  const search = h('input', { type: 'search', name: 'q', value: state.q, placeholder: 'Words in the input…', autocomplete: 'off' });
  const form = h('form', {
    class: 'filters', role: 'search', 'aria-label': 'Filter compressions',
    on: { submit: (e) => { e.preventDefault(); go({ method: methodSelect.value, model: modelSelect.value, q: search.value.trim(), offset: 0 }); } },
  },
  field('Method', methodSelect),
  field('Model', modelSelect),
  field('Search', search),
  h('div', { class: 'field actions' },
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', class: 'secondary', on: { click: () => navigate('#/history') } }, 'Reset')));

  const results = h('div', { class: 'results', 'aria-live': 'polite' }, loading());
  container.append(
    h('div', { class: 'page-head' }, h('h1', null, 'History'), h('a', { class: 'button', href: '#/playground' }, 'New compression')),
    form, results);

  // Model names for the filter: best effort, the list works without them.
  api.models(signal).then((list) => {
    for (const m of list?.data ?? []) {
      if (m.id !== state.model) modelSelect.append(option(m.id, m.id, false));
    }
  }).catch(() => {});

  let page;
  try {
    page = await api.compressions({ limit: LIMIT, offset: state.offset, method: state.method, model: state.model, q: state.q }, signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    clear(results).append(problemBox(error, { onRetry: () => go({}) }));
    return;
  }

  clear(results);
  const items = page?.items ?? [];
  if (items.length === 0) {
    results.append(h('p', { class: 'empty' }, state.method || state.model || state.q
      ? 'No compressions match these filters.'
      : 'No compressions yet. Run one in the ', h('a', { href: '#/playground' }, 'playground'), '.'));
    if (page?.total > 0 && state.offset > 0) results.append(pager({ offset: state.offset, limit: LIMIT, total: page.total, onPage: (offset) => go({ offset }) }));
    return;
  }

  results.append(
    h('div', { class: 'table-wrap' }, h('table', { class: 'history' },
      h('caption', { class: 'visually-hidden' }, 'Stored compressions, newest first'),
      h('thead', null, h('tr', null,
        ['When', 'Method', 'Input', 'Model', 'Tokens in → out', 'Ratio', 'Budget', 'Cache', 'Time'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, items.map(row)))),
    pager({ offset: page.offset ?? state.offset, limit: page.limit ?? LIMIT, total: page.total ?? items.length, onPage: (offset) => go({ offset }), label: 'History pages' }));
}

function row(item) {
  const href = `#/c/${encodeURIComponent(item.id)}`;
  const preview = (item.input_preview ?? '').trim() || '(empty input)';
  return h('tr', { dataset: { id: item.id } },
    h('td', { class: 'nowrap' }, fmt.date(item.created_at)),
    h('td', null, badge(item.method ?? '?', `method-${item.method}`)),
    h('td', { class: 'preview' }, h('a', { href, title: 'Open the detail view' }, preview)),
    h('td', null, item.model ?? '–'),
    h('td', { class: 'num nowrap' }, `${fmt.tokens(item.original_tokens)} → ${fmt.tokens(item.compressed_tokens)}`),
    h('td', { class: 'num nowrap' }, fmt.ratio(item.ratio)),
    h('td', null, yesNoBadge(item.budget_met, 'met', 'missed')),
    h('td', null, item.cached ? badge('hit', 'info') : badge('miss', 'muted')),
    h('td', { class: 'num nowrap' }, fmt.ms(item.total_ms)));
}
