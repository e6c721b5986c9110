// attention: a token heat map of importance, kept vs evicted. Paginated so thousands of tokens stay responsive.
import { clear, h, put } from '../dom.js';
import * as fmt from '../format.js';
import { keyValues, pager } from '../ui.js';

const PAGE = 2000;

export function heatMap(text, tokens) {
  const list = tokens.filter((t) => t && Number.isFinite(t.start) && Number.isFinite(t.end)).sort((a, b) => a.start - b.start);
  const scores = list.map((t) => Number(t.score)).filter(Number.isFinite);
  const max = Math.max(1e-12, ...scores);
  const min = Math.min(0, ...scores);
  const kept = list.filter((t) => t.kept).length;
  const body = h('div', { class: 'heatmap-body' });
  const show = (offset) => {
    clear(body);
    const page = list.slice(offset, offset + PAGE);
    const from = page.length ? page[0].start : 0;
    const nodes = [];
    let pos = from;
    for (const t of page) {
      if (t.start > pos) nodes.push(text.slice(pos, t.start));
      const s = Number(t.score);
      const level = Number.isFinite(s) ? (s - min) / (max - min || 1) : 0;
      nodes.push(h('span', {
        class: ['tok', t.kept ? 'tok-kept' : 'tok-evicted'],
        style: { '--heat': level.toFixed(3) },
        title: `score ${Number.isFinite(s) ? s.toPrecision(3) : '?'} · ${t.kept ? 'kept' : 'evicted'}`,
      }, text.slice(t.start, t.end)));
      pos = Math.max(pos, t.end);
    }
    put(body,
      h('div', { class: 'textmap heatmap', 'aria-label': 'Tokens shaded by importance; evicted tokens struck through' }, nodes),
      list.length > PAGE ? pager({ offset, limit: PAGE, total: list.length, onPage: show, label: 'Token pages' }) : null);
  };
  show(0);
  return h('div', { class: 'heatmap-wrap' },
    keyValues([
      ['Tokens', fmt.tokens(list.length)],
      ['Kept', fmt.tokens(kept)],
      ['Evicted', fmt.tokens(list.length - kept)],
      ['Score range', `${fmt.number(min, 4)} – ${fmt.number(max, 4)}`],
    ], 'kv-inline'),
    h('div', { class: 'heat-legend', 'aria-hidden': 'true' }, h('span', null, 'low'), h('span', { class: 'heat-scale' }), h('span', null, 'high'),
      h('span', { class: 'tok tok-evicted' }, 'evicted')),
    body);
}
