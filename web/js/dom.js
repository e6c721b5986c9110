// DOM building without HTML parsing: every string becomes a text node, so untrusted text is never markup.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'required', 'readOnly', 'open']);

/**
 * h('a', {href: '#/x', class: 'link', on: {click: fn}}, 'text', child, [more])
 * Attributes are set with setAttribute, a few live properties directly; `style` is an object of
 * CSS properties set through the CSSOM (allowed by the page's Content-Security-Policy).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      } else if (key === 'dataset') {
        for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
      } else if (key === 'style') {
        for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.style.setProperty(k, String(v));
      } else if (key === 'on') {
        for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
      } else if (PROPERTIES.has(key)) {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends strings (as text), numbers, nodes and nested arrays; skips null, undefined and false. */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fragment(...children) {
  return append(document.createDocumentFragment(), children);
}

/** A labelled form field: label + control (+ hint), ids wired for screen readers. */
let fieldCounter = 0;
export function field(labelText, control, hint) {
  const id = control.id || `f${++fieldCounter}`;
  control.id = id;
  let hintEl = null;
  if (hint) {
    hintEl = h('span', { class: 'hint', id: `${id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, hintEl);
}

export function option(value, text, selected) {
  return h('option', { value, selected: !!selected }, text ?? value);
}

/** Like parent.append(...children) but skipping null/false (the DOM's own append would print "null"). */
export function put(parent, ...children) {
  return append(parent, children);
}
