// Formatting of the service's raw numbers (the API returns numbers; presentation lives here).

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function tokens(n) {
  return typeof n === 'number' && Number.isFinite(n) ? integer.format(n) : '–';
}

/** ratio = compressed / original; shown as a percentage kept plus the compression factor. */
export function ratio(r) {
  if (typeof r !== 'number' || !Number.isFinite(r)) return '–';
  const pct = `${(r * 100).toFixed(r < 0.1 ? 1 : 0)}%`;
  return r > 0 ? `${pct} (${(1 / r).toFixed(1)}×)` : pct;
}

export function ms(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 10) return `${v.toFixed(0)} ms`;
  return `${v.toFixed(1)} ms`;
}

export function number(v, digits = 2) {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–';
}

export function bytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function count(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

export function date(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function yesNo(v) {
  return v === true ? 'yes' : v === false ? 'no' : '–';
}

export function shortHash(s, n = 16) {
  return typeof s === 'string' && s.length > n ? `${s.slice(0, n)}…` : (s ?? '–');
}
