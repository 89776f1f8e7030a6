// Console output with ANSI SGR colour codes (what progress bars and loggers print) turned into styled spans.
import { el } from './dom.js';

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[([0-9;]*)m/g;
// eslint-disable-next-line no-control-regex
const OTHER_ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\r/g;

/** The nodes of one line: text runs wrapped in spans whose classes carry bold/colour. */
export function ansiToNodes(line) {
  const nodes = [];
  const style = { bold: false, dim: false, italic: false, underline: false, fg: null, bg: null };
  let last = 0;
  const push = (text) => {
    const clean = text.replace(OTHER_ESCAPES, '');
    if (!clean) return;
    const classes = [];
    if (style.bold) classes.push('ansi-bold');
    if (style.dim) classes.push('ansi-dim');
    if (style.italic) classes.push('ansi-italic');
    if (style.underline) classes.push('ansi-underline');
    if (style.fg != null) classes.push(`ansi-fg-${style.fg}`);
    if (style.bg != null) classes.push(`ansi-bg-${style.bg}`);
    nodes.push(classes.length ? el('span', { class: classes.join(' ') }, clean) : clean);
  };
  for (const match of line.matchAll(SGR)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    const codes = match[1] === '' ? [0] : match[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) Object.assign(style, { bold: false, dim: false, italic: false, underline: false, fg: null, bg: null });
      else if (c === 1) style.bold = true;
      else if (c === 2) style.dim = true;
      else if (c === 3) style.italic = true;
      else if (c === 4) style.underline = true;
      else if (c === 22) style.bold = style.dim = false;
      else if (c >= 30 && c <= 37) style.fg = c - 30;
      else if (c === 39) style.fg = null;
      else if (c >= 40 && c <= 47) style.bg = c - 40;
      else if (c === 49) style.bg = null;
      else if (c >= 90 && c <= 97) style.fg = c - 90 + 8;
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        // 256-colour: the 16 basic colours keep their class, the rest fall back to the nearest basic one.
        const n = codes[i + 2];
        const basic = n < 16 ? n : 7;
        if (c === 38) style.fg = basic;
        else style.bg = basic % 8;
        i += 2;
      } else if ((c === 38 || c === 48) && codes[i + 1] === 2) i += 4;
    }
  }
  push(line.slice(last));
  return nodes;
}
