// #/c/<id>: one compression, original and compressed side by side, with what the method did.
import { api, ApiError } from '../api.js';
import { clear, h, put } from '../dom.js';
import * as fmt from '../format.js';
import { recalledRecord, setDraft } from '../state.js';
import { badge, keyValues, loading, meter, problemBox, rawJson, section, yesNoBadge } from '../ui.js';
import { actionLegend, chunkMap, chunkTable, keptMap } from './chunks.js';
import { heatMap } from './heatmap.js';
import { highlight, keywordStatuses, keywordSummary } from './keywords.js';
import { latentMap, latentTable } from './latent.js';

export async function renderDetail(container, { params, signal, navigate }) {
  const id = params[0];
  container.append(loading());
  let record;
  try {
    record = await api.compression(id, signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    // Our own fresh result, before (or without) a stored record.
    record = recalledRecord(id);
    if (!record) {
      clear(container).append(h('h1', null, 'Compression'), problemBox(error), h('p', null, h('a', { href: '#/history' }, '← Back to the history')));
      return;
    }
    record.load_problem = error;
  }
  put(clear(container), page(record, navigate));
}

function page(r, navigate) {
  const statuses = keywordStatuses(r.details?.keywords);
  const notes = [];
  if (r.load_problem instanceof ApiError) {
    notes.push(h('p', { class: 'note', role: 'status' }, 'Shown from this session: the stored record could not be read (', r.load_problem.message, ').'));
  } else if (r.pending) {
    notes.push(h('p', { class: 'note', role: 'status' }, 'This record is still being saved.'));
  }

  return [
    h('div', { class: 'page-head' },
      h('h1', null, 'Compression ', badge(r.method ?? '?', `method-${r.method}`)),
      h('div', { class: 'head-actions' },
        h('a', { class: 'button secondary', href: '#/history' }, '← History'),
        h('button', { type: 'button', class: 'secondary', on: { click: () => { setDraft(draftOf(r)); navigate('#/playground'); } } }, 'Edit in playground'),
        deleteButton(r, navigate))),
    h('p', { class: 'muted id-line' }, 'id ', h('code', null, String(r.id)), r.created_at ? ` · ${fmt.date(r.created_at)}` : ''),
    ...notes,
    stats(r),
    comparison(r, statuses),
    rawJson({ options: r.options, timings: r.timings, details: r.details }, 'Raw options, timings and details (JSON)'),
  ];
}

function stats(r) {
  const keep = Array.isArray(r.options?.keep) ? r.options.keep : [];
  const target = r.options?.target;
  const targetText = target?.ratio != null ? `ratio ${target.ratio}` : target?.tokens != null ? `${target.tokens} tokens` : '–';
  const budget = r.details?.budget_tokens;
  return h('section', { class: 'panel stats', 'aria-label': 'Statistics' },
    h('div', { class: 'stat-cards' },
      card('Tokens', `${fmt.tokens(r.original_tokens)} → ${fmt.tokens(r.compressed_tokens)}`),
      card('Ratio', fmt.ratio(r.ratio)),
      card('Budget', yesNoBadge(r.budget_met, 'met', 'missed'), budget != null ? `${fmt.tokens(budget)} tokens` : null),
      card('Cache', r.cached ? badge('hit', 'info') : badge('miss', 'muted')),
      card('Time', fmt.ms(total(r.timings)))),
    h('div', { class: 'stats-grid' },
      keyValues([
        ['Method', r.method],
        ['Target', targetText],
        ['Model', r.model ?? '– (no model needed)'],
        ['Fingerprint', r.model_fingerprint ? h('code', { class: 'wrap' }, r.model_fingerprint) : '–'],
        ['Tokenizer', r.tokenizer ?? '–'],
        ['Question', r.question ? h('span', { class: 'question' }, r.question) : '–'],
        ['Keep', keep.length ? h('ul', { class: 'inline-list' }, keep.map((k) => h('li', null, h('code', null, String(k))))) : '–'],
      ]),
      timings(r.timings)));
}

function card(label, value, sub) {
  return h('div', { class: 'stat-card' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value' }, value), sub ? h('div', { class: 'stat-sub' }, sub) : null);
}

function total(timings) {
  if (!timings || typeof timings !== 'object') return null;
  if (Number.isFinite(timings.total)) return timings.total;
  const values = Object.values(timings).filter(Number.isFinite);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

function timings(t) {
  if (!t || typeof t !== 'object') return h('p', { class: 'muted' }, 'No timings.');
  const stages = Object.entries(t).filter(([k, v]) => k !== 'total' && Number.isFinite(v));
  const sum = total(t) || Math.max(1, ...stages.map(([, v]) => v));
  return h('div', { class: 'timings' },
    h('h3', null, 'Timings by stage'),
    h('table', { class: 'timing-table' },
      h('tbody', null,
        stages.map(([stage, v]) => h('tr', null,
          h('th', { scope: 'row' }, stage),
          h('td', { class: 'bar-cell' }, meter(v / sum, `${stage}: ${fmt.ms(v)}`)),
          h('td', { class: 'num' }, fmt.ms(v)))),
        h('tr', { class: 'total' }, h('th', { scope: 'row' }, 'total'), h('td'), h('td', { class: 'num' }, fmt.ms(total(t)))))));
}

function deleteButton(r, navigate) {
  const button = h('button', { type: 'button', class: 'danger' }, 'Delete');
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Confirm delete';
      return;
    }
    button.disabled = true;
    try {
      await api.deleteCompression(r.id);
      navigate('#/history');
    } catch (error) {
      button.disabled = false;
      button.replaceWith(problemBox(error));
    }
  });
  return button;
}

function draftOf(r) {
  return {
    text: isMessages(r) ? '' : r.input_text ?? '',
    question: r.question ?? '',
    method: r.method,
    target: r.options?.target,
    keep: r.options?.keep ?? [],
    model: r.model ?? '',
  };
}

function isMessages(r) {
  return Array.isArray(r.details?.messages);
}

/** Original and compressed side by side, with the method's own view chosen by the shape of details. */
function comparison(r, statuses) {
  if (isMessages(r)) return messagesComparison(r);
  const input = r.input_text ?? '';
  const output = r.output_text ?? '';
  return methodView(r.details, input, output, statuses, '');
}

function methodView(details, input, output, statuses, idPrefix) {
  const outputPane = pane('Compressed', highlight(output, statuses), 'compressed');
  if (input === '' && output !== '') {
    return section('Original and compressed', h('p', { class: 'note' }, 'The stored input text is no longer available (retention period).'), grid(pane('Original', '(not kept)', 'original'), outputPane));
  }
  if (details && Array.isArray(details.chunks)) {
    return h('div', null,
      section('Original and compressed',
        keywordSummary(details.keywords),
        actionLegend(details.chunks),
        grid(pane('Original: chunk map', chunkMap(input, details.chunks, statuses, idPrefix), 'original'), outputPane)),
      section(`Chunks (${details.chunks.length})`, chunkTable(input, details.chunks, statuses, idPrefix)));
  }
  if (details && Array.isArray(details.kept)) {
    return section('Original and compressed',
      h('ul', { class: 'legend' },
        h('li', { class: 'legend-item action-kept' }, h('span', { class: 'swatch' }), 'kept'),
        h('li', { class: 'legend-item action-dropped' }, h('span', { class: 'swatch' }), 'dropped'),
        h('li', null, details.marker_inserted ? 'an omission marker was inserted' : 'no marker inserted')),
      grid(pane('Original: kept spans', keptMap(input, details.kept), 'original'), outputPane));
  }
  if (details && Array.isArray(details.tokens)) {
    return section('Token heat map and compressed',
      grid(pane('Original: attention heat map', heatMap(input, details.tokens), 'original'), outputPane));
  }
  if (details && Array.isArray(details.blocks)) {
    return h('div', null,
      section('Original and compressed', grid(pane('Original: latent blocks', latentMap(input, details.blocks), 'original'), outputPane)),
      section(`Blocks (${details.blocks.length})`, latentTable(input, details)));
  }
  return section('Original and compressed',
    grid(pane('Original', highlight(input, statuses), 'original'), outputPane),
    details != null ? h('p', { class: 'muted' }, 'This method\'s details have a shape the UI does not know yet: see the raw JSON below.') : null);
}

function messagesComparison(r) {
  const parse = (s) => { try { const v = JSON.parse(s ?? '[]'); return Array.isArray(v) ? v : []; } catch { return []; } };
  const inputs = parse(r.input_text);
  const outputs = parse(r.output_text);
  const details = r.details.messages;
  return section(`Messages (${details.length})`,
    details.map((m, i) => {
      const index = Number.isInteger(m.index) ? m.index : i;
      const original = inputs[index]?.content ?? '';
      const compressed = outputs[index]?.content ?? (m.protected ? original : '');
      const nested = m.details && typeof m.details === 'object' ? m.details : null;
      const statuses = keywordStatuses(nested?.keywords);
      return h('article', { class: 'message' },
        h('h3', null, `#${index} `, badge(String(m.role ?? inputs[index]?.role ?? '?'), 'muted'), ' ',
          m.protected ? badge('protected', 'info') : null, ' ',
          h('span', { class: 'muted small' }, `${fmt.tokens(m.original_tokens)} → ${fmt.tokens(m.compressed_tokens)} tokens`,
            m.budget_tokens != null ? ` (budget ${fmt.tokens(m.budget_tokens)})` : '')),
        nested ? methodView(nested, original, compressed, statuses, `m${index}-`) : grid(pane('Original', original, 'original'), pane('Compressed', compressed, 'compressed')));
    }));
}

function grid(left, right) {
  return h('div', { class: 'side-by-side' }, left, right);
}

function pane(title, content, kind) {
  return h('div', { class: `pane pane-${kind}` }, h('h3', null, title), h('div', { class: 'pane-body text', tabindex: '0', role: 'region', 'aria-label': title }, content));
}
