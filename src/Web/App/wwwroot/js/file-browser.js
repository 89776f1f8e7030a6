// A run's files as folders with previews: images drawn, text, logs, code, YAML, Markdown and JSON shown as text
// (JSON indented), never as HTML — a user's file can never run in the app's origin. Large files are previewed from
// their first MiB (an HTTP range request), and every file can be downloaded.
import { el, replace, bytes, timeEl } from './dom.js';
import { fileUrl } from './media.js';

const PREVIEW_BYTES = 1024 * 1024;
const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const TEXT = /\.(txt|log|json|jsonl|ya?ml|md|markdown|py|ipynb|csv|tsv|cfg|ini|toml|sh|js|ts|c|cc|cpp|h|hpp|java|go|rs|rb|r|sql|patch|diff|html?|xml|svg)$|(^|\/)(requirements\.txt|Dockerfile|LICENSE|README)$/i;

/** The files of `ref` (GraphQL file nodes { name, sizeBytes, updatedAt }) as a browser with folders and a preview. */
export function fileBrowser(ref) {
  const listing = el('div', { class: 'file-list' });
  const preview = el('div', { class: 'file-preview', 'data-testid': 'file-preview', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Choose a file to preview it.'));
  const element = el('div', { class: 'file-browser' }, listing, preview);
  let files = [];
  let folder = '';
  let previewing = null;

  function render(nextFiles) {
    files = nextFiles;
    const inFolder = files.filter((f) => f.name.startsWith(folder));
    const folders = new Map();
    const here = [];
    for (const f of inFolder) {
      const rest = f.name.slice(folder.length);
      const slash = rest.indexOf('/');
      if (slash < 0) here.push(f);
      else {
        const name = rest.slice(0, slash);
        const entry = folders.get(name) ?? { count: 0, size: 0 };
        entry.count++;
        entry.size += f.sizeBytes ?? 0;
        folders.set(name, entry);
      }
    }
    const crumbs = [el('button', { type: 'button', class: 'link' }, 'files')];
    crumbs[0].addEventListener('click', () => open(''));
    const parts = folder.split('/').filter(Boolean);
    parts.forEach((part, i) => {
      const button = el('button', { type: 'button', class: 'link' }, part);
      button.addEventListener('click', () => open(parts.slice(0, i + 1).join('/') + '/'));
      crumbs.push(' / ', button);
    });
    const rows = [
      ...[...folders.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, info]) => {
        const button = el('button', { type: 'button', class: 'link folder' }, `${name}/`);
        button.addEventListener('click', () => open(`${folder}${name}/`));
        return el('tr', { 'data-folder': name }, el('td', {}, button), el('td', { class: 'num' }, bytes(info.size)), el('td', { class: 'muted small' }, `${info.count} file${info.count === 1 ? '' : 's'}`), el('td'));
      }),
      ...here.sort((a, b) => a.name.localeCompare(b.name)).map((f) => {
        const base = f.name.slice(folder.length);
        const button = el('button', { type: 'button', class: 'link', 'aria-pressed': String(previewing === f.name) }, base);
        button.addEventListener('click', () => show(f));
        return el('tr', { 'data-file': f.name }, el('td', {}, button), el('td', { class: 'num' }, bytes(f.sizeBytes)), el('td', {}, timeEl(f.updatedAt)),
          el('td', {}, el('a', { href: fileUrl(ref, f.name), download: base, 'aria-label': `Download ${f.name}` }, 'Download')));
      }),
    ];
    replace(listing, el('div', { class: 'crumbs' }, crumbs),
      el('table', { 'data-testid': 'files' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', { class: 'num' }, 'Size'), el('th', {}, 'Updated'), el('th', {}, el('span', { class: 'sr-only' }, 'Download')))),
        el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'No files.')))));
  }

  function open(path) {
    folder = path;
    render(files);
  }

  async function show(file) {
    previewing = file.name;
    render(files);
    const head = el('div', { class: 'toolbar' }, el('strong', { class: 'grow' }, file.name), el('span', { class: 'muted small' }, bytes(file.sizeBytes)),
      el('a', { href: fileUrl(ref, file.name), download: file.name.split('/').pop() }, 'Download'));
    if (IMAGE.test(file.name)) {
      replace(preview, head, el('img', { src: fileUrl(ref, file.name), alt: file.name, class: 'preview-image' }));
      return;
    }
    if (!looksTextual(file.name)) {
      replace(preview, head, el('p', { class: 'muted' }, 'No preview for this kind of file; download it instead.'));
      return;
    }
    replace(preview, head, el('p', { class: 'muted' }, 'Loading…'));
    try {
      const partial = (file.sizeBytes ?? 0) > PREVIEW_BYTES;
      const response = await fetch(fileUrl(ref, file.name), { credentials: 'same-origin', headers: partial ? { Range: `bytes=0-${PREVIEW_BYTES - 1}` } : {} });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      let text = new TextDecoder().decode((await response.arrayBuffer()).slice(0, PREVIEW_BYTES));
      if (!partial && /\.json$/i.test(file.name)) {
        try {
          text = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          // Not JSON after all: shown as it is.
        }
      }
      if (previewing !== file.name) return;
      replace(preview, head,
        partial ? el('p', { class: 'muted small' }, `The first ${bytes(PREVIEW_BYTES)} of ${bytes(file.sizeBytes)}.`) : null,
        /\.html?$/i.test(file.name) ? el('p', { class: 'muted small' }, 'HTML is shown as its source.') : null,
        el('pre', { class: 'file-text', 'data-lang': (file.name.split('.').pop() ?? '').toLowerCase() }, text));
    } catch (e) {
      replace(preview, head, el('p', { class: 'alert error' }, `The preview failed: ${e.message}`));
    }
  }

  return { element, render };
}

/** Files without an extension the TEXT pattern knows, whose name still says text (logs, configs). */
function looksTextual(name) {
  return TEXT.test(name) || !/\.[^/]+$/.test(name);
}
