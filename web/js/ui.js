// Small shared pieces of the views: problem messages, badges, key/value lists, bars, pagers.
import { h } from './dom.js';
import { ApiError, setApiKey } from './api.js';

/** An API error (or any error) as a readable message; never a blank screen. */
export function problemBox(error, { onRetry } = {}) {
  const p = error instanceof ApiError ? error.problem : { title: 'Something went wrong', detail: String(error?.message ?? error) };
  const meta = [];
  if (p.status) meta.push(h('span', null, 'HTTP ', String(p.status)));
  if (p.code) meta.push(h('span', null, 'code ', h('code', null, String(p.code))));
  if (p.target) meta.push(h('span', null, 'at ', h('code', null, String(p.target))));
  const box = h('div', { class: 'problem', role: 'alert' },
    h('strong', { class: 'problem-title' }, String(p.title ?? 'Error')),
    p.detail ? h('p', { class: 'problem-detail' }, String(p.detail)) : null,
    meta.length ? h('p', { class: 'problem-meta' }, meta.flatMap((m, i) => (i ? [' · ', m] : [m]))) : null);
  if (p.status === 401) box.append(apiKeyForm());
  if (onRetry) box.append(h('button', { type: 'button', class: 'secondary', on: { click: onRetry } }, 'Try again'));
  return box;
}

function apiKeyForm() {
  const input = h('input', { type: 'password', autocomplete: 'off', placeholder: 'API key' });
  const label = h('label', null, 'API key ', input);
  return h('form', {
    class: 'inline-form',
    on: { submit: (e) => { e.preventDefault(); setApiKey(input.value.trim()); window.dispatchEvent(new HashChangeEvent('hashchange')); } },
  }, label, h('button', { type: 'submit' }, 'Use key'));
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function badge(text, kind) {
  return h('span', { class: ['badge', kind && `badge-${kind}`] }, text);
}

export function yesNoBadge(value, yesText, noText, yesKind = 'good', noKind = 'bad') {
  if (value === true) return badge(yesText, yesKind);
  if (value === false) return badge(noText, noKind);
  return badge('–', 'muted');
}

/** A definition list from [label, value] pairs; values may be nodes or strings. */
export function keyValues(pairs, cls) {
  return h('dl', { class: ['kv', cls] }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '–')]));
}

/** A horizontal bar 0..1 with an accessible text value. */
export function meter(fraction, label) {
  const f = Math.max(0, Math.min(1, Number(fraction) || 0));
  return h('span', { class: 'meter', role: 'img', 'aria-label': label ?? `${Math.round(f * 100)}%`, title: label ?? '' },
    h('span', { class: 'meter-fill', style: { width: `${(f * 100).toFixed(1)}%` } }));
}

/** Previous/next paging; page numbers are 0-based internally, 1-based on screen. */
export function pager({ offset, limit, total, onPage, label = 'Pages' }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit);
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(total, offset + limit);
  return h('nav', { class: 'pager', 'aria-label': label },
    h('button', { type: 'button', class: 'secondary', disabled: page <= 0, on: { click: () => onPage(Math.max(0, offset - limit)) } }, '← Previous'),
    h('span', { class: 'pager-info' }, `${first}–${last} of ${total} · page ${page + 1} of ${pages}`),
    h('button', { type: 'button', class: 'secondary', disabled: page >= pages - 1, on: { click: () => onPage(offset + limit) } }, 'Next →'));
}

/** Raw JSON for shapes the UI does not know (escaped: textContent of a <pre>). */
export function rawJson(value, summary = 'Raw JSON') {
  return h('details', { class: 'raw' }, h('summary', null, summary), h('pre', { class: 'code' }, JSON.stringify(value, null, 2)));
}

export function section(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', null, title), ...children);
}
