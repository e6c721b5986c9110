// extract / summarize: the chunk map coloured by action over the original, and the chunk table with
// importance, target and achieved tokens, and each chunk's summary beside its original text.
import { clear, h, put } from '../dom.js';
import * as fmt from '../format.js';
import { badge, meter, pager } from '../ui.js';
import { highlight } from './keywords.js';

export const ACTIONS = {
  kept: 'left as it was',
  rewritten: 'rewritten by the summarizer',
  partial: 'shortened further to meet the budget',
  extracted: 'original sentences instead of a rewrite (dropped and put back, or the rewrite was unfaithful)',
  verbatim: 'structured block passed through unchanged',
  minified: 'JSON block minified',
  dropped: 'left out',
};

const TABLE_PAGE = 100;
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, Number.isFinite(v) ? v : lo));

/** Spans [start, end) of text, in order, each wrapped by makeSpan; the gaps between them as plain text. */
export function spanMap(text, spans, makeSpan, statuses) {
  const nodes = [];
  let pos = 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  for (const s of sorted) {
    const start = clamp(s.start, pos, text.length);
    const end = clamp(s.end, start, text.length);
    if (start > pos) nodes.push(h('span', { class: 'gap' }, highlight(text.slice(pos, start), statuses)));
    if (end > start) nodes.push(makeSpan(s, highlight(text.slice(start, end), statuses)));
    pos = Math.max(pos, end);
  }
  if (pos < text.length) nodes.push(h('span', { class: 'gap' }, highlight(text.slice(pos), statuses)));
  return nodes;
}

function chunkTitle(c) {
  return `chunk ${c.index} · ${c.action} · ${c.kind ?? ''} · importance ${fmt.number(c.importance)} · `
    + `${c.original_tokens} → target ${c.target_tokens} → ${c.achieved_tokens} tokens`;
}

export function chunkMap(text, chunks, statuses, idPrefix) {
  return h('div', { class: 'textmap', 'aria-label': 'Original text coloured by what happened to each chunk' },
    spanMap(text, chunks, (c, content) => h('span', {
      class: `chunk action-${safeClass(c.action)}`,
      id: `${idPrefix}chunk-${c.index}`,
      tabindex: '-1',
      dataset: { index: c.index, action: c.action },
      title: chunkTitle(c),
    }, content), statuses));
}

export function actionLegend(chunks) {
  const counts = new Map();
  for (const c of chunks) counts.set(c.action, (counts.get(c.action) ?? 0) + 1);
  return h('ul', { class: 'legend', 'aria-label': 'Chunk actions' },
    [...counts.entries()].map(([action, n]) => h('li', { class: `legend-item action-${safeClass(action)}`, title: ACTIONS[action] ?? action },
      h('span', { class: 'swatch' }), `${action} (${n})`)));
}

/** The chunk table, paginated for long inputs; "Show" focuses the chunk in the map. */
export function chunkTable(text, chunks, statuses, idPrefix) {
  const wrap = h('div', { class: 'chunks' });
  const sorted = [...chunks].sort((a, b) => a.index - b.index);
  const maxImportance = Math.max(1e-9, ...sorted.map((c) => Number(c.importance) || 0));
  const show = (offset) => {
    clear(wrap);
    const rows = sorted.slice(offset, offset + TABLE_PAGE).map((c) => chunkRow(text, c, statuses, idPrefix, maxImportance));
    put(wrap,
      h('div', { class: 'table-wrap' }, h('table', { class: 'chunk-table' },
        h('caption', { class: 'visually-hidden' }, 'Chunks of the original with their importance, token targets, action and summary'),
        h('thead', null, h('tr', null, ['#', 'Action', 'Importance', 'Tokens: original / target / achieved', 'Original', 'Summary / result'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rows))),
      sorted.length > TABLE_PAGE ? pager({ offset, limit: TABLE_PAGE, total: sorted.length, onPage: show, label: 'Chunk pages' }) : null);
  };
  show(0);
  return wrap;
}

function chunkRow(text, c, statuses, idPrefix, maxImportance) {
  const original = text.slice(clamp(c.start, 0, text.length), clamp(c.end, 0, text.length));
  const excerpt = original.length > 400 ? `${original.slice(0, 400)}…` : original;
  const result = typeof c.summary === 'string' && c.summary.length
    ? h('div', { class: 'summary' }, highlight(c.summary, statuses))
    : h('span', { class: 'muted' }, c.action === 'dropped' ? '(dropped)' : c.action === 'kept' || c.action === 'verbatim' ? '(as in the original)' : '–');
  const focusChunk = () => {
    const el = document.getElementById(`${idPrefix}chunk-${c.index}`);
    if (!el) return;
    for (const s of document.querySelectorAll('.chunk.selected')) s.classList.remove('selected');
    el.classList.add('selected');
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.focus({ preventScroll: true });
  };
  return h('tr', { class: `action-row action-${safeClass(c.action)}`, dataset: { index: c.index, action: c.action } },
    h('td', null, h('button', { type: 'button', class: 'link', title: 'Show this chunk in the original', on: { click: focusChunk } }, `#${c.index}`)),
    h('td', null, badge(c.action, `action-${safeClass(c.action)}`), c.kind ? h('div', { class: 'muted small' }, c.kind) : null),
    h('td', { class: 'nowrap' }, meter((Number(c.importance) || 0) / maxImportance, `importance ${fmt.number(c.importance, 3)}`), ' ', fmt.number(c.importance, 3)),
    h('td', { class: 'num nowrap' }, `${fmt.tokens(c.original_tokens)} / ${fmt.tokens(c.target_tokens)} / ${fmt.tokens(c.achieved_tokens)}`),
    h('td', { class: 'excerpt' }, highlight(excerpt, statuses)),
    h('td', { class: 'excerpt' }, result));
}

/** truncate: kept spans over the original. */
export function keptMap(text, kept) {
  const spans = (kept ?? []).map((k, i) => ({ ...k, index: i }));
  const marked = [];
  let pos = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start > pos) marked.push({ start: pos, end: s.start, action: 'dropped' });
    marked.push({ start: s.start, end: s.end, action: 'kept' });
    pos = Math.max(pos, s.end);
  }
  if (pos < text.length) marked.push({ start: pos, end: text.length, action: 'dropped' });
  return h('div', { class: 'textmap', 'aria-label': 'Original text: kept spans and the dropped middle' },
    spanMap(text, marked, (s, content) => h('span', { class: `chunk action-${s.action}`, dataset: { action: s.action }, title: s.action }, content)));
}

export function safeClass(s) {
  return String(s ?? 'unknown').replace(/[^a-z0-9_-]/gi, '_');
}
