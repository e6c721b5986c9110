// The shell: hash routes (#/history, #/c/<id>, #/playground, #/generate, #/models) rendered into <main>.
import { api } from './api.js';
import { clear, h } from './dom.js';
import { problemBox } from './ui.js';
import { renderHistory } from './views/history.js';
import { renderDetail } from './views/detail.js';
import { renderPlayground } from './views/playground.js';
import { renderGenerate } from './views/generate.js';
import { renderModels } from './views/models.js';

const routes = [
  { pattern: /^\/?$/, redirect: '#/history' },
  { pattern: /^\/history$/, name: 'history', title: 'History', render: renderHistory },
  { pattern: /^\/c\/([^/]+)$/, name: 'history', title: 'Compression', render: renderDetail },
  { pattern: /^\/playground$/, name: 'playground', title: 'Playground', render: renderPlayground },
  { pattern: /^\/generate$/, name: 'generate', title: 'Generate', render: renderGenerate },
  { pattern: /^\/models$/, name: 'models', title: 'Models', render: renderModels },
];

const main = document.getElementById('main');
let current = null; // { controller, cleanup }

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { path, query };
}

/** Navigates to a route; replace keeps the browser history clean for filter changes. */
export function navigate(hash, { replace = false } = {}) {
  if (location.hash === hash) { route(); return; }
  if (replace) { history.replaceState(null, '', hash); route(); } else location.hash = hash;
}

async function route() {
  current?.controller.abort();
  try { current?.cleanup?.(); } catch { /* a view's cleanup must not stop the next one */ }
  const controller = new AbortController();
  current = { controller, cleanup: null };

  const { path, query } = parseHash();
  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    renderInto(h('div', null, h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, `#${path}`), '. ', h('a', { href: '#/history' }, 'Go to the history'), '.')));
    markNav(null);
    return;
  }
  if (match.r.redirect) { location.replace(match.r.redirect); return; }

  markNav(match.r.name);
  document.title = `${match.r.title} · Compressor`;
  const container = h('div', { class: `view view-${match.r.name}` });
  renderInto(container);
  try {
    const params = match.m.slice(1).map((p) => decodeURIComponent(p));
    const cleanup = await match.r.render(container, { params, query, signal: controller.signal, navigate });
    if (controller.signal.aborted) cleanup?.();
    else current.cleanup = cleanup ?? null;
  } catch (error) {
    if (error?.name === 'AbortError' || controller.signal.aborted) return;
    clear(container).append(h('h1', null, match.r.title), problemBox(error, { onRetry: route }));
  }
}

function renderInto(node) {
  clear(main).append(node);
}

function markNav(name) {
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function refreshHealth() {
  const el = document.getElementById('health');
  try {
    const report = await api.health();
    el.textContent = String(report.status ?? 'unknown');
    el.className = `health health-${report.status}`;
    el.title = `Service ${report.status}; database ${report.database?.status ?? '?'}`;
  } catch (error) {
    el.textContent = 'unreachable';
    el.className = 'health health-down';
    el.title = String(error.message ?? error);
  }
}

document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
refreshHealth();
setInterval(refreshHealth, 30_000);
route();
