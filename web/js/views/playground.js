// #/playground: compress pasted or uploaded text with live progress (Server-Sent Events), then open the result.
import { api } from '../api.js';
import { clear, field, h, option } from '../dom.js';
import { rememberResult, takeDraft } from '../state.js';
import { problemBox } from '../ui.js';
import { METHODS } from './history.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function renderPlayground(container, { signal, navigate }) {
  const draft = takeDraft();
  const text = h('textarea', { name: 'text', rows: '14', required: true, spellcheck: 'false', placeholder: 'Paste the text to compress…' });
  text.value = draft?.text ?? '';
  const file = h('input', { type: 'file', name: 'file', accept: '.txt,.md,text/plain,text/markdown' });
  const question = h('input', { type: 'text', name: 'question', autocomplete: 'off', placeholder: 'What will the compressed text be asked? (optional)' });
  question.value = draft?.question ?? '';
  const method = h('select', { name: 'method' }, METHODS.map((m) => option(m, m, m === (draft?.method ?? 'extract'))));
  const targetKind = h('select', { name: 'target_kind', 'aria-label': 'Target kind' }, option('ratio', 'ratio (compressed / original)'), option('tokens', 'tokens'));
  const targetValue = h('input', { type: 'number', name: 'target_value', step: 'any', min: '0', required: true, value: '0.5' });
  if (draft?.target?.tokens != null) { targetKind.value = 'tokens'; targetValue.value = String(draft.target.tokens); }
  else if (draft?.target?.ratio != null) targetValue.value = String(draft.target.ratio);
  const keep = h('input', { type: 'text', name: 'keep', autocomplete: 'off', placeholder: 'e.g. Tuesday, 42 kg, ACME-7' });
  keep.value = (draft?.keep ?? []).join(', ');
  const model = h('select', { name: 'model' }, option('', 'default model'));
  const counter = h('span', { class: 'hint', 'aria-live': 'polite' });

  const run = h('button', { type: 'submit' }, 'Compress');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel');
  const progressBar = h('progress', { max: '1', value: '0', 'aria-label': 'Compression progress' });
  const progressText = h('span', { class: 'progress-text' });
  const progress = h('div', { class: 'progress', hidden: true, role: 'status', 'aria-live': 'polite' }, progressBar, progressText);
  const messages = h('div', { class: 'messages' });

  const updateCount = () => { counter.textContent = `${text.value.length.toLocaleString()} characters`; };
  text.addEventListener('input', updateCount);
  updateCount();
  targetKind.addEventListener('change', () => {
    targetValue.value = targetKind.value === 'ratio' ? '0.5' : '256';
    targetValue.step = targetKind.value === 'ratio' ? 'any' : '1';
  });
  file.addEventListener('change', async () => {
    clear(messages);
    const f = file.files?.[0];
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      messages.append(problemBox(new Error(`${f.name} is ${Math.round(f.size / 1024)} KiB; the playground reads files up to 4 MiB.`)));
      return;
    }
    text.value = await f.text();
    updateCount();
  });

  let controller = null;
  cancel.addEventListener('click', () => controller?.abort());

  const form = h('form', { class: 'playground', on: { submit: (e) => { e.preventDefault(); submit(); } } },
    field('Text', text, counter),
    field('…or upload a .txt or .md file', file),
    field('Question', question, 'Question-aware methods keep what answers it.'),
    h('div', { class: 'row' },
      field('Method', method),
      h('div', { class: 'field' }, h('span', { class: 'label', id: 'target-label' }, 'Target'),
        h('div', { class: 'joined', role: 'group', 'aria-labelledby': 'target-label' }, targetKind, targetValue)),
      field('Model', model)),
    field('Keep', keep, 'Comma-separated words or phrases that must survive.'),
    h('div', { class: 'actions' }, run, cancel),
    progress,
    messages);

  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Playground')), form);

  api.models(signal).then((list) => {
    for (const m of list?.data ?? []) {
      model.append(option(m.id, `${m.id}${m.is_default ? ' (default)' : ''}${m.error ? ' – unusable' : ''}`, m.id === draft?.model));
    }
  }).catch(() => { /* the default model still works */ });

  async function submit() {
    clear(messages);
    const value = Number(targetValue.value);
    const body = {
      text: text.value,
      method: method.value,
      target: targetKind.value === 'ratio' ? { ratio: value } : { tokens: Math.round(value) },
    };
    if (question.value.trim()) body.question = question.value.trim();
    const keepList = keep.value.split(/[,\n]/).map((k) => k.trim()).filter(Boolean);
    if (keepList.length) body.keep = keepList;
    if (model.value) body.model = model.value;

    controller = new AbortController();
    const abortOnLeave = () => controller?.abort();
    signal.addEventListener('abort', abortOnLeave);
    run.disabled = true;
    cancel.hidden = false;
    progress.hidden = false;
    progressBar.value = 0;
    progressText.textContent = 'Sending…';
    try {
      const result = await api.compressStream(body, {
        progress: (p) => {
          if (Number.isFinite(p?.fraction)) progressBar.value = Math.max(0, Math.min(1, p.fraction));
          progressText.textContent = `${p?.stage ?? ''}${Number.isFinite(p?.fraction) ? ` ${Math.round(p.fraction * 100)}%` : ''}${p?.message ? ` – ${p.message}` : ''}`;
        },
      }, controller.signal);
      progressBar.value = 1;
      progressText.textContent = 'Done';
      rememberResult(result.id, body, result);
      navigate(`#/c/${encodeURIComponent(result.id)}`);
    } catch (error) {
      if (error.name === 'AbortError') {
        if (!signal.aborted) messages.append(h('p', { class: 'note', role: 'status' }, 'Cancelled.'));
      } else {
        messages.append(problemBox(error));
      }
      progress.hidden = true;
    } finally {
      signal.removeEventListener('abort', abortOnLeave);
      run.disabled = false;
      cancel.hidden = true;
      controller = null;
    }
  }
}
