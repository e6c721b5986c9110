// Required keywords (keep[] and question terms) highlighted in text, marked kept / restored / unmet.
import { h } from '../dom.js';

const ORDER = ['required', 'kept', 'restored', 'missing', 'unmet'];
const LABELS = {
  required: 'required',
  kept: 'kept: survived compression on its own',
  restored: 'restored: put back from the original',
  missing: 'not in the input',
  unmet: 'unmet: could not fit the budget',
};

/** Map of lower-cased keyword -> its status, from details.keywords. */
export function keywordStatuses(report) {
  const statuses = new Map();
  if (!report || typeof report !== 'object') return statuses;
  const add = (list, status) => {
    if (!Array.isArray(list)) return;
    for (const k of list) if (typeof k === 'string' && k.trim()) statuses.set(k.toLowerCase(), { keyword: k, status });
  };
  add(report.required, 'required');
  add(report.kept, 'kept');
  add(report.restored, 'restored');
  add(report.missing_in_input, 'missing');
  add(report.unmet, 'unmet');
  return statuses;
}

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matcher(statuses) {
  if (!statuses || statuses.size === 0) return null;
  const keys = [...statuses.keys()].sort((a, b) => b.length - a.length).map((k) => {
    // Whole words where the keyword starts/ends with a word character ("API" not inside "RAPID").
    const open = /^[\p{L}\p{N}_]/u.test(k) ? '(?<![\\p{L}\\p{N}_])' : '';
    const close = /[\p{L}\p{N}_]$/u.test(k) ? '(?![\\p{L}\\p{N}_])' : '';
    return `${open}${escapeRegex(k)}${close}`;
  });
  try {
    return new RegExp(keys.join('|'), 'giu');
  } catch {
    return null;
  }
}

/** Text as an array of text nodes and <mark class="kw kw-status"> elements; never parsed as HTML. */
export function highlight(text, statuses) {
  const re = matcher(statuses);
  if (!re || !text) return [text ?? ''];
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    const info = statuses.get(m[0].toLowerCase()) ?? { keyword: m[0], status: 'required' };
    out.push(h('mark', {
      class: `kw kw-${info.status}`,
      dataset: { keyword: info.keyword, status: info.status },
      title: `keyword “${info.keyword}”: ${LABELS[info.status] ?? info.status}`,
    }, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The keyword report as chips, one per required keyword, with its mark. */
export function keywordSummary(report) {
  const statuses = keywordStatuses(report);
  if (statuses.size === 0) return null;
  const chips = [...statuses.values()]
    .sort((a, b) => ORDER.indexOf(b.status) - ORDER.indexOf(a.status) || a.keyword.localeCompare(b.keyword))
    .map((k) => h('li', { class: `kw-chip kw-${k.status}`, dataset: { keyword: k.keyword, status: k.status } },
      h('span', { class: 'kw-word' }, k.keyword), ' ', h('span', { class: 'kw-status' }, k.status)));
  return h('div', { class: 'keywords' },
    h('h3', null, 'Required keywords'),
    h('ul', { class: 'kw-list', 'aria-label': 'Required keywords and what became of them' }, chips),
    h('p', { class: 'hint' }, 'Kept: survived on its own. Restored: put back from the original. Unmet: did not fit the budget. Missing: not in the input.'));
}
