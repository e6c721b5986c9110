// #/generate: text from a prompt, optionally under a constraint (JSON Schema, regex, grammar, choice).
import { api } from '../api.js';
import { clear, field, h, option, put } from '../dom.js';
import * as fmt from '../format.js';
import { badge, keyValues, problemBox } from '../ui.js';

const EXAMPLES = {
  json_schema: JSON.stringify({
    type: 'object',
    properties: { name: { type: 'string', maxLength: 20 }, age: { type: 'integer', minimum: 0, maximum: 120 } },
    required: ['name', 'age'],
    additionalProperties: false,
  }, null, 2),
  regex: '(yes|no), [0-9]{1,3} items',
  grammar: 'root ::= "The answer is " ("yes" | "no") "."',
  choice: 'red\ngreen\nblue',
};
const HINTS = {
  '': 'No constraint: free text.',
  json_schema: 'A JSON Schema; the output will be JSON matching it.',
  regex: 'A regular expression the whole output must match.',
  grammar: 'A GBNF grammar (llama.cpp syntax) with a root rule.',
  choice: 'One option per line; the output is exactly one of them.',
};

export async function renderGenerate(container, { signal }) {
  const prompt = h('textarea', { name: 'prompt', rows: '6', required: true, placeholder: 'Write a prompt…' });
  const asChat = h('input', { type: 'checkbox', name: 'chat' });
  const model = h('select', { name: 'model' }, option('', 'default model'));
  const maxTokens = h('input', { type: 'number', name: 'max_tokens', min: '1', step: '1', value: '64' });
  const temperature = h('input', { type: 'number', name: 'temperature', min: '0', max: '5', step: '0.05', value: '0' });
  const topP = h('input', { type: 'number', name: 'top_p', min: '0.01', max: '1', step: '0.01', value: '1' });
  const seed = h('input', { type: 'number', name: 'seed', step: '1', placeholder: 'random' });
  const stop = h('input', { type: 'text', name: 'stop', autocomplete: 'off', placeholder: 'comma-separated' });
  const streamBox = h('input', { type: 'checkbox', name: 'stream', checked: true });
  const constraintType = h('select', { name: 'constraint_type' },
    option('', 'none'), option('json_schema', 'JSON Schema'), option('regex', 'regex'), option('grammar', 'grammar (GBNF)'), option('choice', 'choice'));
  const constraintValue = h('textarea', { name: 'constraint_value', rows: '6', spellcheck: 'false', disabled: true, class: 'mono' });
  const constraintHint = h('span', { class: 'hint', id: 'constraint-hint' }, HINTS['']);
  const example = h('button', { type: 'button', class: 'secondary small', disabled: true }, 'Insert an example');

  constraintType.addEventListener('change', () => {
    const t = constraintType.value;
    constraintValue.disabled = !t;
    example.disabled = !t;
    constraintHint.textContent = HINTS[t] ?? '';
    if (t && !constraintValue.value.trim()) constraintValue.value = EXAMPLES[t];
  });
  example.addEventListener('click', () => { constraintValue.value = EXAMPLES[constraintType.value] ?? ''; });

  const run = h('button', { type: 'submit' }, 'Generate');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Stop');
  const output = h('pre', { class: 'output text', 'aria-live': 'polite', 'aria-label': 'Generated text', tabindex: '0' });
  const outputMeta = h('div', { class: 'output-meta' });
  const statsBox = h('div', { class: 'gen-stats' });
  const messages = h('div', { class: 'messages' });
  const result = h('section', { class: 'panel result', hidden: true, 'aria-label': 'Output' }, h('h2', null, 'Output'), outputMeta, output, statsBox);

  const constraintValueField = field('Constraint', constraintValue);
  constraintValue.setAttribute('aria-describedby', 'constraint-hint');
  const form = h('form', { class: 'generate', on: { submit: (e) => { e.preventDefault(); submit(); } } },
    field('Prompt', prompt),
    h('label', { class: 'check' }, asChat, ' Send as a chat message (uses the model\'s chat template)'),
    h('div', { class: 'row' },
      field('Model', model), field('Max tokens', maxTokens), field('Temperature', temperature), field('Top p', topP), field('Seed', seed)),
    field('Stop sequences', stop),
    h('fieldset', { class: 'constraint' }, h('legend', null, 'Constraint'),
      field('Type', constraintType),
      constraintValueField, constraintHint, h('div', null, example)),
    h('label', { class: 'check' }, streamBox, ' Stream tokens as they are generated'),
    h('div', { class: 'actions' }, run, cancel),
    messages);

  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Generate')), h('div', { class: 'two-col' }, form, result));

  api.models(signal).then((list) => {
    for (const m of list?.data ?? []) model.append(option(m.id, `${m.id}${m.is_default ? ' (default)' : ''}`));
  }).catch(() => {});

  let controller = null;
  cancel.addEventListener('click', () => controller?.abort());

  async function submit() {
    clear(messages);
    let body;
    try {
      body = buildRequest();
    } catch (error) {
      messages.append(problemBox(error));
      return;
    }
    controller = new AbortController();
    const abortOnLeave = () => controller?.abort();
    signal.addEventListener('abort', abortOnLeave);
    run.disabled = true;
    cancel.hidden = false;
    result.hidden = false;
    output.textContent = '';
    clear(outputMeta).append(badge('running', 'info'));
    clear(statsBox);
    try {
      const response = streamBox.checked
        ? await api.generateStream(body, { delta: (d) => { output.textContent += d?.text ?? ''; } }, controller.signal)
        : await api.generate(body, controller.signal);
      show(response, body);
    } catch (error) {
      clear(outputMeta);
      if (error.name === 'AbortError') {
        if (!signal.aborted) outputMeta.append(badge('stopped', 'muted'));
      } else {
        messages.append(problemBox(error));
        if (!output.textContent) result.hidden = true;
      }
    } finally {
      signal.removeEventListener('abort', abortOnLeave);
      run.disabled = false;
      cancel.hidden = true;
      controller = null;
    }
  }

  function buildRequest() {
    const body = {
      max_tokens: Number.parseInt(maxTokens.value, 10) || 64,
      temperature: Number(temperature.value) || 0,
      top_p: Number(topP.value) || 1,
    };
    if (asChat.checked) body.messages = [{ role: 'user', content: prompt.value }];
    else body.prompt = prompt.value;
    if (model.value) body.model = model.value;
    if (seed.value !== '') body.seed = Number.parseInt(seed.value, 10);
    const stops = stop.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (stops.length) body.stop = stops;
    const type = constraintType.value;
    if (type) body.constraint = { type, value: constraintPayload(type, constraintValue.value) };
    return body;
  }

  function show(response, body) {
    output.textContent = String(response?.text ?? '');
    put(clear(outputMeta),
      badge(`finish: ${response?.finish_reason ?? '?'}`, response?.finish_reason === 'length' ? 'warn' : 'good'),
      ' ', validity(response, body));
    const usage = response?.usage ?? {};
    const t = response?.timings ?? {};
    const pairs = [
      ['Model', response?.model ?? '–'],
      ['Tokens', `${fmt.tokens(usage.prompt_tokens)} prompt + ${fmt.tokens(usage.completion_tokens)} generated = ${fmt.tokens(usage.total_tokens ?? ((usage.prompt_tokens ?? 0) + (usage.completion_tokens ?? 0)))}`],
      ['Queue', fmt.ms(t.queue_ms)],
      ['Prompt', `${fmt.ms(t.prompt_ms)} (${fmt.number(t.prompt_tokens_per_second, 1)} tok/s)`],
      ['Generation', `${fmt.ms(t.generation_ms)} (${fmt.number(t.generation_tokens_per_second, 1)} tok/s)`],
      ['Total', fmt.ms(t.total_ms)],
      ['Id', h('code', null, String(response?.id ?? '–'))],
    ];
    const stats = response?.stats;
    if (stats && typeof stats === 'object') {
      for (const [k, v] of Object.entries(stats)) pairs.push([k.replaceAll('_', ' '), typeof v === 'object' ? JSON.stringify(v) : String(v)]);
    }
    clear(statsBox).append(h('h3', null, 'Stats'), keyValues(pairs));
  }
}

function constraintPayload(type, raw) {
  if (type === 'json_schema') {
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw new Error(`The JSON Schema is not valid JSON: ${e.message}`);
    }
  }
  if (type === 'choice') return raw.split('\n').map((s) => s.trim()).filter(Boolean);
  return raw;
}

/** For JSON Schema constraints: whether the output at least parses as JSON (the service validates it fully). */
function validity(response, body) {
  if (body.constraint?.type !== 'json_schema') return null;
  try {
    JSON.parse(response?.text ?? '');
    return badge('valid JSON', 'good');
  } catch {
    return badge('not JSON', response?.finish_reason === 'length' ? 'warn' : 'bad');
  }
}
