// latent: the block layout of a cascade compression: each block's text tokens and the latents it became.
import { clear, h, put } from '../dom.js';
import * as fmt from '../format.js';
import { keyValues, meter, pager } from '../ui.js';
import { spanMap } from './chunks.js';

const PAGE = 100;

export function latentMap(text, blocks) {
  const list = blocks.map((b, i) => ({ ...b, index: b.index ?? i }));
  return h('div', { class: 'textmap', 'aria-label': 'Original text by latent block' },
    spanMap(text, list, (b, content) => h('span', {
      class: ['block', b.index % 2 ? 'block-odd' : 'block-even'],
      dataset: { index: b.index },
      title: `block ${b.index}: ${b.text_tokens} tokens → ${b.latents} latents`,
    }, content)));
}

export function latentTable(text, details) {
  const blocks = details.blocks;
  const maxTokens = Math.max(1, ...blocks.map((b) => Number(b.text_tokens) || 0));
  const wrap = h('div', { class: 'blocks' });
  const show = (offset) => {
    clear(wrap);
    put(wrap, h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['#', 'Text tokens', 'Latents', 'Factor', 'Text'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, blocks.slice(offset, offset + PAGE).map((b, i) => {
        const t = text.slice(Math.max(0, b.start), Math.max(0, b.end));
        return h('tr', null,
          h('td', null, String(b.index ?? offset + i)),
          h('td', { class: 'nowrap' }, meter((Number(b.text_tokens) || 0) / maxTokens, `${b.text_tokens} tokens`), ' ', fmt.tokens(b.text_tokens)),
          h('td', { class: 'num' }, fmt.tokens(b.latents)),
          h('td', { class: 'num' }, b.latents ? `${(b.text_tokens / b.latents).toFixed(1)}×` : '–'),
          h('td', { class: 'excerpt' }, t.length > 240 ? `${t.slice(0, 240)}…` : t));
      })))),
    blocks.length > PAGE ? pager({ offset, limit: PAGE, total: blocks.length, onPage: show, label: 'Block pages' }) : null);
  };
  show(0);
  return h('div', null,
    keyValues([
      ['Blocks', fmt.tokens(blocks.length)],
      ['Latents', fmt.tokens(details.latent_count)],
      ['Ratio', fmt.ratio(details.ratio)],
    ], 'kv-inline'),
    wrap);
}
