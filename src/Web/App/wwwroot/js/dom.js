// Builds DOM nodes from data without ever parsing it as HTML, so names and values logged by anyone stay text.

/**
 * el('a', { href: '…', class: 'x', onclick: fn, 'aria-label': '…' }, 'text', child, [more])
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'value' || name === 'checked' || name === 'selected') node[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces the node's content. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A link inside the app (the router handles it without a page load). */
export function link(path, ...children) {
  return el('a', { href: path, 'data-link': true }, ...children);
}

export function relTime(iso) {
  if (!iso) return '';
  const date = new Date(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : iso + 'Z');
  const seconds = (Date.now() - date.getTime()) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  const units = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [2592000, 'month'], [31536000, 'year']];
  let value = seconds / 60;
  let unit = 'minute';
  for (let i = units.length - 1; i >= 0; i--) {
    if (seconds >= units[i][0]) {
      value = seconds / units[i][0];
      unit = units[i][1];
      break;
    }
  }
  // "just now" covers the first 45 s; after it, never "0 minutes ago".
  const n = Math.max(1, Math.floor(value));
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

export function toDate(iso) {
  if (!iso) return null;
  return new Date(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : iso + 'Z');
}

/** A <time> element: relative text, the exact time as tooltip. */
export function timeEl(iso) {
  const date = toDate(iso);
  return date ? el('time', { datetime: date.toISOString(), title: date.toLocaleString() }, relTime(iso)) : '';
}

export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h ${m}m ${r}s`;
  if (m) return `${m}m ${r}s`;
  return `${r}s`;
}

export function bytes(n) {
  if (n == null) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatValue(value) {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toPrecision(6));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function stateBadge(state) {
  return el('span', { class: `state state-${state}` }, state ?? '');
}

/** Copies text and briefly says so on the button. */
export function copyButton(text, label = 'Copy') {
  const button = el('button', { type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => (button.textContent = label), 1500);
  });
  return button;
}

export function errorBox(error) {
  return el('div', { class: 'alert error', role: 'alert' }, error?.message ?? String(error));
}
