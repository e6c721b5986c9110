// The public HTTP API, and nothing else. Errors are RFC 9457 problem objects wrapped in ApiError.
import { readEvents } from './sse.js';

const KEY_STORAGE = 'compressor.apiKey';

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'Request failed');
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
  }
}

export function apiKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ''; } catch { return ''; }
}

export function setApiKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lasts for this request only */ }
}

function headers(extra) {
  const result = { Accept: 'application/json', ...extra };
  const key = apiKey();
  if (key) result.Authorization = `Bearer ${key}`;
  return result;
}

async function problemFrom(response) {
  const type = response.headers.get('content-type') || '';
  let body = null;
  let text = '';
  try {
    if (type.includes('json')) body = await response.json();
    else text = await response.text();
  } catch { /* an unreadable body: fall back to the status line */ }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    return {
      title: response.statusText || `HTTP ${response.status}`,
      detail: `The service answered ${response.status}.`,
      code: `http_${response.status}`,
      ...body,
      status: response.status,
    };
  }
  return {
    status: response.status,
    title: response.statusText || `HTTP ${response.status}`,
    detail: text.slice(0, 500) || `The service answered ${response.status}.`,
    code: `http_${response.status}`,
  };
}

function networkProblem(error) {
  return { status: 0, title: 'Service unreachable', detail: `The request did not reach the service: ${error.message}`, code: 'network_error' };
}

async function call(method, path, body, signal) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(networkProblem(error));
  }
  if (!response.ok) throw new ApiError(await problemFrom(response));
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = {
  health: (signal) => call('GET', '/health/ready', undefined, signal).catch((e) => {
    // /health/ready answers 503 with the report when the service is down: still a report.
    if (e instanceof ApiError && e.problem && e.problem.status === 503 && e.problem.database) return e.problem;
    throw e;
  }),
  models: (signal) => call('GET', '/v1/models', undefined, signal),
  compressions: (params, signal) => call('GET', `/v1/compressions${query(params)}`, undefined, signal),
  compression: (id, signal) => call('GET', `/v1/compressions/${encodeURIComponent(id)}`, undefined, signal),
  deleteCompression: (id) => call('DELETE', `/v1/compressions/${encodeURIComponent(id)}`),
  compress: (body, signal) => call('POST', '/v1/compress', body, signal),
  generate: (body, signal) => call('POST', '/v1/generate', body, signal),
  compressStream: (body, handlers, signal) => stream('/v1/compress', body, handlers, signal),
  generateStream: (body, handlers, signal) => stream('/v1/generate', body, handlers, signal),
};

/**
 * POSTs with stream: true and dispatches events to handlers[event](data). Resolves with the "done"
 * payload; rejects with ApiError for an HTTP error or an "error" event.
 */
async function stream(path, body, handlers, signal) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream, application/problem+json, application/json' }),
      body: JSON.stringify({ ...body, stream: true }),
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(networkProblem(error));
  }
  // ASP.NET writes a problem body only when Accept allows JSON, hence the Accept list above.
  if (!response.ok) throw new ApiError(await problemFrom(response));
  const type = response.headers.get('content-type') || '';
  if (!type.includes('text/event-stream')) return response.json(); // a server that ignored stream: true

  let done = null;
  for await (const message of readEvents(response.body)) {
    let data;
    try { data = JSON.parse(message.data); } catch { data = message.data; }
    if (message.event === 'error') {
      throw new ApiError(data && typeof data === 'object' ? data : { status: 500, title: 'Stream error', detail: String(data), code: 'stream_error' });
    }
    if (message.event === 'done') done = data;
    handlers?.[message.event]?.(data);
  }
  if (done === null) {
    throw new ApiError({ status: 0, title: 'Stream ended early', detail: 'The service closed the stream without a result.', code: 'stream_incomplete' });
  }
  return done;
}
