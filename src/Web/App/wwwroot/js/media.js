// The media values the W&B clients write into history and summaries ({"_type": "image-file", "path": …}), shown as
// what they are: thumbnails, players, small histograms, links to tables and files. The value's files are the run's
// files (GET files/{entity}/{project}/{run}/{path}); images come as server-side thumbnails (GET api/v1/media/…).
import { url } from './api.js';
import { el, bytes } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The media types the clients log (wandb/sdk/data_types, 0.16.6 to 0.28.x) and how the app names them. */
export const MEDIA_LABELS = {
  'image-file': 'Image',
  'images/separated': 'Images',
  'table-file': 'Table',
  'joined-table': 'Joined table',
  'partitioned-table': 'Partitioned table',
  histogram: 'Histogram',
  'html-file': 'HTML',
  'audio-file': 'Audio',
  'video-file': 'Video',
  'object3D-file': '3D object',
  'plotly-file': 'Plotly chart',
  'bokeh-file': 'Bokeh chart',
  'molecule-file': 'Molecule',
};

/** True for a value the clients wrote as a media object. */
export function isMedia(value) {
  return value != null && typeof value === 'object' && !Array.isArray(value) && typeof value._type === 'string';
}

/** A run as the media helpers address it. */
export function runRef(entity, project, run) {
  return { entity, project, run };
}

function runPath({ entity, project, run }) {
  return [entity, project, run].map(encodeURIComponent).join('/');
}

/** The URL of one of the run's files (the session cookie authorises it; images are served inline, the rest as downloads). */
export function fileUrl(ref, path) {
  return url(`files/${runPath(ref)}/${path.split('/').map(encodeURIComponent).join('/')}`);
}

/** The URL of a server-side thumbnail of one of the run's images, at most `size` pixels on its longer side. */
export function thumbnailUrl(ref, path, size) {
  return url(`api/v1/media/${runPath(ref)}/thumbnail?path=${encodeURIComponent(path)}&size=${size}`);
}

/** The file names of an image value: one for image-file, several for images/separated. */
export function imagePaths(value) {
  if (value?._type === 'image-file' && typeof value.path === 'string') return [value.path];
  if (value?._type === 'images/separated' && Array.isArray(value.filenames)) return value.filenames.filter((f) => typeof f === 'string');
  return [];
}

/** A short description: "Table · 12 rows × 4 columns", "Image · 32×32", "Audio · 8.0 KiB". */
export function describe(value) {
  const label = MEDIA_LABELS[value._type] ?? value._type;
  const parts = [label];
  if (value._type === 'image-file' && value.width && value.height) parts.push(`${value.width}×${value.height}`);
  if (value._type === 'images/separated') parts.push(`${value.count ?? value.filenames?.length ?? 0} × ${value.width}×${value.height}`);
  if (value.nrows != null) parts.push(`${value.nrows} rows × ${value.ncols ?? '?'} columns`);
  if (value._type === 'histogram') parts.push(`${(value.values ?? []).reduce((a, b) => a + (Number(b) || 0), 0)} values`);
  else if (value.size != null) parts.push(bytes(value.size));
  return parts.join(' · ');
}

/** An inline SVG of a histogram's bins (value._type === 'histogram'): bars over the bin edges. */
export function histogramSparkline(value, { width = 140, height = 32 } = {}) {
  const counts = (value.values ?? []).map((v) => Number(v) || 0);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  const bins = value.bins ?? [];
  svg.setAttribute('aria-label', `Histogram of ${counts.length} bins${bins.length ? ` from ${+Number(bins[0]).toPrecision(3)} to ${+Number(bins[bins.length - 1]).toPrecision(3)}` : ''}`);
  const max = Math.max(1, ...counts);
  const w = width / Math.max(1, counts.length);
  counts.forEach((c, i) => {
    if (c <= 0) return;
    const h = Math.max(1, (c / max) * (height - 1));
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', (i * w).toFixed(2));
    rect.setAttribute('y', (height - h).toFixed(2));
    rect.setAttribute('width', Math.max(0.5, w - 0.5).toFixed(2));
    rect.setAttribute('height', h.toFixed(2));
    svg.append(rect);
  });
  return svg;
}

/** The displayed size of a width×height image fitted into a size×size box (small images are scaled up). */
export function fitInto(width, height, size) {
  if (!(width > 0 && height > 0)) return null;
  const scale = size / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A thumbnail <img> of one of the run's images (fetched at twice the shown size for sharp screens) that opens the full
 * image when clicked. With the image's width and height known, it takes its final size before it loads.
 */
export function thumbnail(ref, path, { size = 96, caption, onOpen, width, height } = {}) {
  const fitted = fitInto(width, height, size);
  const style = fitted ? `width:${fitted.width}px;height:${fitted.height}px` : `max-width:${size}px;max-height:${size}px`;
  const img = el('img', { src: thumbnailUrl(ref, path, Math.min(1024, Math.max(16, size * 2))), alt: caption || path.split('/').pop(), loading: 'lazy', class: 'thumb', style });
  const button = el('button', { type: 'button', class: 'thumb-button', title: caption || path.split('/').pop() }, img);
  button.addEventListener('click', () => (onOpen ? onOpen() : openImage(ref, path, caption)));
  return button;
}

/** Shows one of the run's images at full size in a modal dialog (Escape or the close button ends it). */
export function openImage(ref, path, caption, extra) {
  const dialog = el('dialog', { class: 'lightbox', 'aria-label': caption || path.split('/').pop() });
  const close = el('button', { type: 'button', class: 'lightbox-close', 'aria-label': 'Close' }, '×');
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  // Without a run (an image inside an artifact) the caller passes the image itself as `extra`.
  dialog.append(close, extra ?? el('img', { src: fileUrl(ref, path), alt: caption || path }), caption ? el('p', { class: 'caption' }, caption) : null,
    ref ? el('a', { href: fileUrl(ref, path), download: path.split('/').pop(), class: 'small' }, 'Download') : null);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A compact rendering of a media value for summaries and tables: thumbnails, a sparkline, a player or a link. */
export function mediaValue(ref, value, { size = 64 } = {}) {
  const kind = value._type;
  const info = el('span', { class: 'muted small media-info' }, describe(value));
  if (kind === 'image-file' && value.path) {
    return el('span', { class: 'media-value', 'data-media': kind }, thumbnail(ref, value.path, { size, caption: value.caption, width: value.width, height: value.height }), info);
  }
  if (kind === 'images/separated') {
    const paths = imagePaths(value);
    const shown = paths.slice(0, 4).map((p, i) => thumbnail(ref, p, { size: Math.min(size, 48), caption: value.captions?.[i], width: value.width, height: value.height }));
    return el('span', { class: 'media-value', 'data-media': kind }, shown, paths.length > 4 ? el('span', { class: 'muted small' }, `+${paths.length - 4}`) : null, info);
  }
  if (kind === 'histogram') {
    return el('span', { class: 'media-value', 'data-media': kind }, histogramSparkline(value), info);
  }
  if (kind === 'audio-file' && value.path) {
    return el('span', { class: 'media-value', 'data-media': kind }, el('audio', { controls: true, preload: 'none', src: fileUrl(ref, value.path) }), info);
  }
  if (kind === 'video-file' && value.path) {
    const player = /\.gif$/i.test(value.path)
      ? thumbnail(ref, value.path, { size, caption: value.caption })
      : el('video', { controls: true, preload: 'metadata', src: fileUrl(ref, value.path), style: `max-height:${size * 2}px` });
    return el('span', { class: 'media-value', 'data-media': kind }, player, info);
  }
  const path = value.path ?? value.artifact_path;
  return el('span', { class: 'media-value', 'data-media': kind },
    typeof value.path === 'string' ? el('a', { href: fileUrl(ref, value.path), download: value.path.split('/').pop() }, info) : info,
    !value.path && path ? el('span', { class: 'muted small' }, ` ${path}`) : null);
}

/**
 * Any summary or config value as a node: media as mediaValue, objects and long arrays as a collapsible tree,
 * everything else as text.
 */
export function valueNode(ref, value, format) {
  if (isMedia(value)) return mediaValue(ref, value);
  if (value != null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const text = JSON.stringify(value);
    if (text.length <= 60 && !entries.some(([, v]) => isMedia(v))) return el('code', { class: 'json' }, text);
    return el('details', { class: 'tree' },
      el('summary', {}, Array.isArray(value) ? `[${entries.length} items]` : `{${entries.length} keys}`),
      el('table', { class: 'kv nested' }, el('tbody', {}, entries.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, valueNode(ref, v, format)))))));
  }
  return format(value);
}
