// The table viewer: a logged wandb.Table, a page at a time. Paging, sort and filter happen on the server
// (GET api/v1/media/…/table), so a table of 100,000 rows never reaches the browser whole. Image cells come as
// server-side thumbnails, other media cells as players or links; the column types are the server's.
import { request, url } from './api.js';
import { el, replace, errorBox, formatValue } from './dom.js';
import { fileUrl, thumbnailUrl, openImage, describe, isMedia } from './media.js';

const PAGE_SIZES = [10, 25, 50, 100];

function runPath({ entity, project, run }) {
  return [entity, project, run].map(encodeURIComponent).join('/');
}

/**
 * Where a table is read from: a run's table value ({ kind: 'run', ref, value, step }: its file, or the artifact copy
 * its artifact_path names, the version logged at that step) or a file inside an artifact ({ kind: 'artifact', entity, project, artifactId, path }).
 */
function tableUrl(source, params) {
  const query = new URLSearchParams(params);
  if (source.kind === 'artifact') {
    query.set('path', source.path);
    return `api/v1/media/${encodeURIComponent(source.entity)}/${encodeURIComponent(source.project)}/artifacts/${encodeURIComponent(source.artifactId)}/table?${query}`;
  }
  // A joined or partitioned table has no file of the run: the artifact's file it names stands for its path.
  query.set('path', source.value.path ?? source.value.artifact_path.split('/').pop());
  if (typeof source.value.artifact_path === 'string') query.set('artifactPath', source.value.artifact_path);
  if (Number.isFinite(source.step)) query.set('step', String(source.step));
  return `api/v1/media/${runPath(source.ref)}/table?${query}`;
}

/** The thumbnail and full-size URLs of an image path in the place the page's rows were read from (the answer's `source`). */
function imageUrls(served, path, size) {
  if (served.kind === 'artifact') {
    const base = `api/v1/media/${encodeURIComponent(served.entity)}/${encodeURIComponent(served.project)}/artifacts/${encodeURIComponent(served.artifactId)}/thumbnail`;
    return { thumb: url(`${base}?path=${encodeURIComponent(path)}&size=${size}`), full: url(`${base}?path=${encodeURIComponent(path)}&size=1024`) };
  }
  const ref = { entity: served.entity, project: served.project, run: served.run };
  return { thumb: thumbnailUrl(ref, path, size), full: fileUrl(ref, path), ref };
}

/** One cell: images as thumbnails (click to enlarge), audio and video as players, other media described, the rest as text. */
function cellNode(served, value, type) {
  if (isMedia(value)) {
    if (value._type === 'image-file' && typeof value.path === 'string') {
      const { thumb, full, ref } = imageUrls(served, value.path, 128);
      const img = el('img', { src: thumb, alt: value.caption || value.path.split('/').pop(), class: 'thumb', loading: 'lazy', style: 'max-width:64px;max-height:64px' });
      const button = el('button', { type: 'button', class: 'thumb-button', title: value.caption || '' }, img);
      button.addEventListener('click', () => (ref ? openImage(ref, value.path, value.caption) : openImage(null, value.path, value.caption, el('img', { src: full, alt: value.caption || value.path }))));
      return el('span', { class: 'media-value', 'data-media': value._type }, button);
    }
    if (served.kind === 'run' && typeof value.path === 'string' && value._type === 'audio-file') {
      return el('audio', { controls: true, preload: 'none', src: fileUrl({ entity: served.entity, project: served.project, run: served.run }, value.path) });
    }
    return el('span', { class: 'muted small', 'data-media': value._type }, describe(value));
  }
  if (value != null && typeof value === 'object') return el('code', { class: 'json' }, JSON.stringify(value).slice(0, 200));
  return el('span', { class: type === 'number' ? 'num' : null }, formatValue(value));
}

/**
 * A table viewer over `source`. Returns { element, load() }; load() fetches the first page, and every sort, filter
 * or page change fetches the page it asks for.
 */
export function tableViewer(source, { caption = '' } = {}) {
  const state = { offset: 0, limit: 25, sort: null, order: 'asc', filter: '', column: '' };
  const info = el('span', { class: 'muted small', 'aria-live': 'polite' });
  const body = el('div', { class: 'table-scroll media-table-scroll' });
  const filterInput = el('input', { type: 'search', placeholder: 'Filter rows', title: 'Text anywhere in a row, or in the column chosen; with a column, also > 0.5, <= 3, = 2, != 0', 'aria-label': 'Filter rows', maxlength: '256', class: 'table-filter' });
  const columnSelect = el('select', { 'aria-label': 'Filter column' }, el('option', { value: '' }, 'any column'));
  const sizeSelect = el('select', { 'aria-label': 'Rows per page' }, PAGE_SIZES.map((n) => el('option', { value: String(n), selected: n === state.limit }, `${n} rows`)));
  const previous = el('button', { type: 'button' }, '‹ Previous');
  const next = el('button', { type: 'button' }, 'Next ›');
  let columnsShown = null;
  let generation = 0;
  let typing;

  filterInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.filter = filterInput.value.trim();
      state.offset = 0;
      load();
    }, 250);
  });
  columnSelect.addEventListener('change', () => {
    state.column = columnSelect.value;
    state.offset = 0;
    if (state.filter) load();
  });
  sizeSelect.addEventListener('change', () => {
    state.limit = Number(sizeSelect.value);
    state.offset = 0;
    load();
  });
  previous.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - state.limit);
    load();
  });
  next.addEventListener('click', () => {
    state.offset += state.limit;
    load();
  });

  function header(page) {
    return el('thead', {}, el('tr', {}, el('th', { class: 'num muted row-index' }, '#'), page.columns.map((name, i) => {
      const sorted = state.sort === name;
      const button = el('button', { type: 'button', class: 'sort-button', title: `Sort by ${name}` }, name, sorted ? (state.order === 'asc' ? ' ▲' : ' ▼') : '');
      button.addEventListener('click', () => {
        if (state.sort !== name) {
          state.sort = name;
          state.order = 'asc';
        } else if (state.order === 'asc') state.order = 'desc';
        else state.sort = null;
        state.offset = 0;
        load();
      });
      return el('th', { 'aria-sort': sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : null, 'data-type': page.columnTypes[i], class: page.columnTypes[i] === 'number' ? 'num' : null },
        button, el('div', { class: 'muted small column-type' }, page.columnTypes[i]));
    })));
  }

  async function load() {
    const mine = ++generation;
    const params = { offset: String(state.offset), limit: String(state.limit) };
    if (state.sort) Object.assign(params, { sort: state.sort, order: state.order });
    if (state.filter) params.filter = state.filter;
    if (state.filter && state.column) params.column = state.column;
    let page;
    try {
      page = await request('GET', tableUrl(source, params));
    } catch (e) {
      if (mine === generation) replace(body, errorBox(e));
      return;
    }
    if (mine !== generation) return;
    if (columnsShown !== page.columns.join('\n')) {
      columnsShown = page.columns.join('\n');
      replace(columnSelect, el('option', { value: '' }, 'any column'), page.columns.map((c) => el('option', { value: c, selected: c === state.column }, c)));
    }
    const first = page.matchedRows === 0 ? 0 : page.offset + 1;
    const last = page.offset + page.rows.length;
    info.textContent = `${first}–${last} of ${page.matchedRows.toLocaleString()} rows${page.matchedRows !== page.totalRows ? ` (filtered from ${page.totalRows.toLocaleString()})` : ''}`;
    previous.disabled = page.offset === 0;
    next.disabled = last >= page.matchedRows;
    replace(body, el('table', { class: 'media-table', 'data-testid': 'media-table' },
      caption ? el('caption', { class: 'sr-only' }, caption) : null,
      header(page),
      el('tbody', {}, page.rows.length === 0
        ? el('tr', {}, el('td', { colspan: String(page.columns.length + 1), class: 'muted' }, 'No rows match.'))
        : page.rows.map((row, r) => el('tr', { 'data-row': String(page.rowIndexes[r]) },
          el('td', { class: 'num muted' }, String(page.rowIndexes[r])),
          page.columns.map((_, c) => el('td', { class: page.columnTypes[c] === 'number' ? 'num' : null }, cellNode(page.source, row[c], page.columnTypes[c]))))))));
  }

  const element = el('div', { class: 'table-viewer' },
    el('div', { class: 'toolbar' }, filterInput, columnSelect, el('span', { class: 'grow' }), sizeSelect, previous, next, info),
    body);
  return { element, load };
}
