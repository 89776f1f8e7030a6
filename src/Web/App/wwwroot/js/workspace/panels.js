// The workspace's panels as W&B users manage them: sections that can be added, renamed, collapsed, moved and deleted;
// panels of any kind (panel-kinds.js) that can be added, edited, deleted, resized (drag the corner, or focus it and use
// the arrow keys) and moved (drag the handle, or the arrow buttons). The layout lives in state.panels (null: it
// follows the metrics, panel-layout.js) and every change goes into the view.
import { el, replace } from '../dom.js';
import { SMOOTHING_TYPES } from '../charts.js';
import { panelKind, panelKinds, xAxisChoices } from './panel-kinds.js';
import {
  autoLayout, reconcile, cleanLayout, cleanPanel, panelMetrics, panelTitle, movePanel, newId, metricRegex,
  WIDTHS, HEIGHTS, LIMITS,
} from './panel-layout.js';

/** A modal dialog around `content`, removed from the page once closed. */
function modal(content) {
  const dialog = el('dialog', { class: 'view-dialog panel-dialog' }, content);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

const numberOrNull = (text) => (text.trim() === '' || !Number.isFinite(Number(text)) ? null : Number(text));

/**
 * The panels of the workspace in `container`. ctx: see panel-kinds.js; `onChanged()` runs after every change of the
 * layout (the view saves it). render(runs) draws every open section; redraw() after the settings changed;
 * update(names) feeds the live changes in place.
 */
export function workspacePanels(state, container, ctx, { onChanged }) {
  const controllers = new Map(); // panel id → { key (what it was built from), controller, card }
  let runs = [];
  let dragged = null;

  const kindKeys = () => panelKinds().map((k) => k.key);
  const metricsOf = (panel) => panelMetrics(panel, state.metrics, state.systemMetrics ?? []);
  ctx.metrics = metricsOf;

  /** The layout drawn: the user's, or the one that follows the metrics. */
  function layout() {
    return state.panels ?? autoLayout(state.metrics, state.systemMetrics ?? []);
  }

  /** Changes the layout: the first change makes the followed layout the user's own. */
  function change(edit) {
    if (!state.panels) state.panels = cleanLayout(autoLayout(state.metrics, state.systemMetrics ?? []), kindKeys());
    edit(state.panels);
    onChanged();
    draw();
  }

  function findPanel(id) {
    for (const section of layout().sections) {
      const panel = section.panels.find((p) => p.id === id);
      if (panel) return { section, panel };
    }
    return null;
  }

  /** A panel's card: its head (drag handle, title, buttons), its body, the resize corner. */
  function card(panel, section) {
    const title = panelTitle(panel, metricsOf(panel));
    const handle = el('span', { class: 'drag-handle', draggable: 'true', title: 'Drag to move', 'aria-hidden': 'true' }, '⠿');
    const button = (label, text, action, extra = {}) => {
      const b = el('button', { type: 'button', class: 'icon', 'aria-label': `${label} ${title}`, title: label, ...extra }, text);
      b.addEventListener('click', action);
      return b;
    };
    const index = section.panels.indexOf(panel);
    const head = el('div', { class: 'ws-panel-head' },
      handle,
      el('h3', { class: 'ws-panel-title', title }, title),
      el('div', { class: 'ws-panel-tools' },
        button('Move left', '←', () => change((l) => movePanel(l, panel.id, section.id, section.panels[index - 1]?.id)), { disabled: index === 0 }),
        button('Move right', '→', () => change((l) => movePanel(l, panel.id, section.id, section.panels[index + 2]?.id ?? null)),
          { disabled: index === section.panels.length - 1 }),
        button('Edit panel', '✎', () => editDialog(panel, section)),
        button('Delete panel', '×', () => change((l) => {
          const s = l.sections.find((x) => x.id === section.id);
          const [gone] = s.panels.splice(s.panels.findIndex((p) => p.id === panel.id), 1);
          // A metric's own panel, deleted, does not come back by itself when the metric logs again.
          if (gone?.id.startsWith('auto:')) gone.metrics.forEach((m) => l.removed.push(`${gone.stream}:${m}`));
        }))));
    const resizer = el('div', {
      class: 'ws-panel-resize', role: 'slider', tabindex: '0', 'aria-label': `Size of ${title}`,
      'aria-valuetext': `${panel.width} of 3 columns wide, ${panel.height} px high`, title: 'Drag to resize',
    });
    const element = el('article', {
      class: `ws-panel w${panel.width}`, 'data-panel': panel.id, 'data-kind': panel.kind, 'aria-label': title,
    }, head, el('div', { class: 'ws-panel-slot' }), resizer);

    handle.addEventListener('dragstart', (event) => {
      dragged = panel.id;
      event.dataTransfer.setData('text/plain', panel.id);
      event.dataTransfer.effectAllowed = 'move';
      element.classList.add('dragging');
    });
    handle.addEventListener('dragend', () => {
      dragged = null;
      element.classList.remove('dragging');
    });
    element.addEventListener('dragover', (event) => {
      if (!dragged || dragged === panel.id) return;
      event.preventDefault();
      element.classList.add('drop-before');
    });
    element.addEventListener('dragleave', () => element.classList.remove('drop-before'));
    element.addEventListener('drop', (event) => {
      event.preventDefault();
      event.stopPropagation();
      element.classList.remove('drop-before');
      const id = dragged ?? event.dataTransfer.getData('text/plain');
      if (id && id !== panel.id) change((l) => movePanel(l, id, section.id, panel.id));
    });

    const resize = (width, height) => {
      if (width === panel.width && height === panel.height) return;
      change((l) => {
        const p = l.sections.flatMap((s) => s.panels).find((x) => x.id === panel.id);
        p.width = width;
        p.height = height;
      });
      container.querySelector(`[data-panel="${CSS.escape(panel.id)}"] .ws-panel-resize`)?.focus();
    };
    resizer.addEventListener('keydown', (event) => {
      const w = WIDTHS.indexOf(panel.width);
      const h = HEIGHTS.indexOf(panel.height);
      if (event.key === 'ArrowRight') resize(WIDTHS[Math.min(WIDTHS.length - 1, w + 1)], panel.height);
      else if (event.key === 'ArrowLeft') resize(WIDTHS[Math.max(0, w - 1)], panel.height);
      else if (event.key === 'ArrowDown') resize(panel.width, HEIGHTS[Math.min(HEIGHTS.length - 1, h + 1)]);
      else if (event.key === 'ArrowUp') resize(panel.width, HEIGHTS[Math.max(0, h - 1)]);
      else return;
      event.preventDefault();
    });
    resizer.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      resizer.setPointerCapture(event.pointerId);
      const box = element.getBoundingClientRect();
      const row = element.parentElement.getBoundingClientRect().width;
      let width = panel.width;
      let height = panel.height;
      const move = (e) => {
        // Snaps to thirds of the row and to the heights offered; the outline shows the size it will take.
        const fraction = (e.clientX - box.left) / row;
        width = WIDTHS.reduce((best, w) => (Math.abs(w / 3 - fraction) < Math.abs(best / 3 - fraction) ? w : best), WIDTHS[0]);
        const plotHeight = e.clientY - box.top - (box.height - panel.height);
        height = HEIGHTS.reduce((best, h) => (Math.abs(h - plotHeight) < Math.abs(best - plotHeight) ? h : best), HEIGHTS[0]);
        element.className = `ws-panel w${width} resizing`;
      };
      const end = () => {
        resizer.removeEventListener('pointermove', move);
        resizer.removeEventListener('pointerup', end);
        resizer.removeEventListener('pointercancel', end);
        element.className = `ws-panel w${panel.width}`;
        resize(width, height);
      };
      resizer.addEventListener('pointermove', move);
      resizer.addEventListener('pointerup', end);
      resizer.addEventListener('pointercancel', end);
    });
    return element;
  }

  /** A section: its head (collapse, name, buttons) and its panels' grid, which also takes a dropped panel at its end. */
  function sectionElement(section, index, count) {
    const headingId = `section-${section.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const toggle = el('button', { type: 'button', class: 'section-toggle', 'aria-expanded': String(!section.collapsed), id: headingId },
      el('span', { class: 'chevron', 'aria-hidden': 'true' }, section.collapsed ? '▸' : '▾'), section.name,
      el('span', { class: 'muted small' }, ` (${section.panels.length})`));
    toggle.addEventListener('click', () => change((l) => {
      const s = l.sections.find((x) => x.id === section.id);
      s.collapsed = !s.collapsed;
    }));
    const tool = (label, text, action, extra = {}) => {
      const b = el('button', { type: 'button', class: 'icon', 'aria-label': `${label} ${section.name}`, title: label, ...extra }, text);
      b.addEventListener('click', action);
      return b;
    };
    const addPanel = el('button', { type: 'button', class: 'small-button', 'aria-label': `Add panel to ${section.name}` }, '+ Add panel');
    addPanel.addEventListener('click', () => editDialog(null, section));
    const head = el('div', { class: 'ws-section-head' },
      el('h3', { class: 'ws-section-title' }, toggle),
      el('div', { class: 'ws-section-tools' },
        addPanel,
        tool('Rename section', '✎', () => renameDialog(section)),
        tool('Move section up', '↑', () => change((l) => l.sections.splice(index - 1, 0, ...l.sections.splice(index, 1))), { disabled: index === 0 }),
        tool('Move section down', '↓', () => change((l) => l.sections.splice(index + 1, 0, ...l.sections.splice(index, 1))), { disabled: index === count - 1 }),
        tool('Delete section', '×', () => deleteSectionDialog(section))));
    const grid = el('div', { class: 'ws-panel-grid', hidden: section.collapsed });
    grid.addEventListener('dragover', (event) => {
      if (dragged) event.preventDefault();
    });
    grid.addEventListener('drop', (event) => {
      event.preventDefault();
      const id = dragged ?? event.dataTransfer.getData('text/plain');
      if (id) change((l) => movePanel(l, id, section.id, null));
    });
    if (!section.collapsed && section.panels.length === 0) grid.append(el('p', { class: 'empty' }, 'No panels in this section: add one, or drag one here.'));
    return { element: el('section', { class: 'ws-section', 'aria-labelledby': headingId, 'data-section': section.id }, head, grid), grid };
  }

  /**
   * Draws the layout. A panel built from the same settings keeps its controller (its charts, cursor and zoom): only
   * new or changed panels are built and drawn.
   */
  function draw() {
    const current = layout();
    if (state.panels && reconcile(state.panels, state.metrics, state.systemMetrics ?? [])) onChanged();
    const keep = new Set();
    const fresh = [];
    const addSection = el('button', { type: 'button', class: 'small-button' }, '+ Add section');
    addSection.addEventListener('click', () => renameDialog(null));
    const sections = current.sections.map((section, index) => {
      const { element, grid } = sectionElement(section, index, current.sections.length);
      if (section.collapsed) return element;
      for (const panel of section.panels) {
        const key = JSON.stringify(panel);
        let entry = controllers.get(panel.id);
        if (entry && entry.key !== key) {
          entry.controller.destroy();
          entry = null;
        }
        const panelElement = card(panel, section);
        if (!entry) {
          const kind = panelKind(panel.kind);
          if (!kind) continue;
          entry = { key, controller: kind.create(panel, ctx) };
          controllers.set(panel.id, entry);
          fresh.push(entry);
        }
        panelElement.querySelector('.ws-panel-slot').replaceWith(entry.controller.element);
        keep.add(panel.id);
        grid.append(panelElement);
      }
      return element;
    });
    for (const [id, entry] of controllers) {
      if (!keep.has(id)) {
        entry.controller.destroy();
        controllers.delete(id);
      }
    }
    replace(container, sections, current.sections.length < LIMITS.sections ? el('div', { class: 'toolbar' }, addSection) : null);
    return Promise.all(fresh.map((entry) => entry.controller.draw(runs)));
  }

  function renameDialog(section) {
    const input = el('input', { id: 'section-name', type: 'text', value: section?.name ?? '', maxlength: String(LIMITS.text), required: true });
    const error = el('p', { class: 'error', role: 'alert' });
    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, section ? 'Rename section' : 'Add section'),
      el('label', { for: 'section-name' }, 'Name', input), error,
      el('div', { class: 'toolbar' }, el('button', { type: 'submit', class: 'primary' }, section ? 'Save name' : 'Add section'),
        el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = modal(form);
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        error.textContent = 'A section needs a name.';
        return;
      }
      dialog.close();
      change((l) => {
        if (section) l.sections.find((s) => s.id === section.id).name = name;
        else l.sections.push({ id: newId('s'), name, collapsed: false, panels: [] });
      });
    });
    input.select();
  }

  function deleteSectionDialog(section) {
    const confirm = el('button', { type: 'submit', class: 'danger' }, 'Delete section');
    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, 'Delete section'),
      el('p', {}, `Delete “${section.name}” and its ${section.panels.length} panel${section.panels.length === 1 ? '' : 's'}?`),
      el('div', { class: 'toolbar' }, confirm, el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = modal(form);
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      dialog.close();
      change((l) => {
        const at = l.sections.findIndex((s) => s.id === section.id);
        const [gone] = l.sections.splice(at, 1);
        gone.panels.filter((p) => p.id.startsWith('auto:')).forEach((p) => p.metrics.forEach((m) => l.removed.push(`${p.stream}:${m}`)));
      });
    });
    confirm.focus();
  }

  /** The numeric summary and config keys of the runs seen, for bar, scalar and scatter panels. */
  function valueChoices() {
    const keys = new Set();
    for (const run of state.known.values()) {
      Object.entries(run.summary).filter(([k, v]) => !k.startsWith('_') && typeof v === 'number').forEach(([k]) => keys.add(k));
    }
    const config = new Set();
    for (const run of state.known.values()) Object.entries(run.config).filter(([, v]) => typeof v === 'number').forEach(([k]) => config.add(`config.${k}`));
    return [...[...keys].sort(), ...[...config].sort()];
  }

  /** Adds (panel null) or edits a panel: its kind, title, metrics, regex, x-axis, smoothing, log axes, y range, section. */
  function editDialog(panel, section) {
    const editing = panel != null;
    const draft = panel ? { ...panel, metrics: [...panel.metrics] } : cleanPanel({ id: newId('p'), kind: 'line', metrics: [] }, kindKeys());
    const pool = () => (draft.stream === 'events' ? state.systemMetrics ?? [] : state.metrics);
    const field = (name, label, control, hint = null) => el('div', { class: 'field', 'data-field': name }, el('label', { for: `panel-${name}` }, label), control, hint);

    const kind = el('select', { id: 'panel-kind' }, panelKinds().map((k) => el('option', { value: k.key, selected: k.key === draft.kind }, k.label)));
    const title = el('input', { id: 'panel-title', type: 'text', value: draft.title, maxlength: String(LIMITS.text), placeholder: 'The metrics’ names' });
    const metrics = el('select', { id: 'panel-metrics', multiple: true, size: '6' });
    const regex = el('input', { id: 'panel-regex', type: 'text', value: draft.regex, maxlength: String(LIMITS.text), placeholder: 'e.g. ^train/' });
    const xAxis = el('select', { id: 'panel-x-axis' });
    const smoothingType = el('select', { id: 'panel-smoothing-type' },
      el('option', { value: '' }, 'As the workspace'),
      SMOOTHING_TYPES.map((t) => el('option', { value: t.key, selected: t.key === draft.smoothingType }, t.label)));
    const smoothing = el('input', { id: 'panel-smoothing', type: 'number', min: '0', step: 'any', value: draft.smoothing == null ? '' : String(draft.smoothing) });
    const logX = el('input', { id: 'panel-log-x', type: 'checkbox', checked: draft.logX });
    const logY = el('select', { id: 'panel-log-y', 'aria-label': 'Y scale' },
      [['', 'y as the workspace'], ['linear', 'linear y'], ['log', 'log y']].map(([value, text]) => el('option', {
        value, selected: value === (draft.logY == null ? '' : draft.logY ? 'log' : 'linear'),
      }, text)));
    const yMin = el('input', { id: 'panel-y-min', type: 'number', step: 'any', value: draft.yMin == null ? '' : String(draft.yMin) });
    const yMax = el('input', { id: 'panel-y-max', type: 'number', step: 'any', value: draft.yMax == null ? '' : String(draft.yMax) });
    const metric = el('select', { id: 'panel-metric' });
    const xMetric = el('select', { id: 'panel-x-metric' });
    const target = el('select', { id: 'panel-section' }, layout().sections.map((s) => el('option', { value: s.id, selected: s.id === section.id }, s.name)));
    const error = el('p', { class: 'error', role: 'alert' });

    const fill = () => {
      const chosen = new Set(draft.metrics);
      replace(metrics, [...new Set([...pool(), ...draft.metrics])].map((m) => el('option', { value: m, selected: chosen.has(m) }, m)));
      replace(xAxis, el('option', { value: '' }, 'As the workspace'),
        xAxisChoices(state.metrics).map((c) => el('option', { value: c.key, selected: c.key === draft.xAxis }, c.label)));
      const values = valueChoices();
      replace(metric, el('option', { value: '' }, 'Choose…'), [...new Set([...values, ...draft.metrics.slice(0, 1)])].map((k) => el('option', { value: k, selected: k === draft.metrics[0] }, k)));
      replace(xMetric, el('option', { value: '' }, 'Choose…'), [...new Set([...values, draft.xMetric].filter(Boolean))].map((k) => el('option', { value: k, selected: k === draft.xMetric }, k)));
    };
    const fields = el('div', { class: 'panel-fields' },
      field('kind', 'Kind', kind),
      field('title', 'Title', title),
      field('metrics', 'Metrics', metrics, el('span', { class: 'muted small' }, 'Ctrl-click to pick several: one line per run and metric.')),
      field('regex', 'Metric regex', regex, el('span', { class: 'muted small' }, 'Also every metric matching it, logged now or later.')),
      field('xAxis', 'X axis', xAxis),
      field('xMetric', 'X value', xMetric),
      field('metric', 'Value', metric, el('span', { class: 'muted small' }, 'A summary value (the last logged) or a config value of each run.')),
      field('smoothing', 'Smoothing', el('span', { class: 'inline' }, smoothingType, smoothing)),
      field('log', 'Log scale', el('span', { class: 'inline' },
        el('label', { for: 'panel-log-x' }, logX, 'log x'), logY)),
      field('yRange', 'Y range', el('span', { class: 'inline' }, el('label', { for: 'panel-y-min' }, 'min', yMin), el('label', { for: 'panel-y-max' }, 'max', yMax))),
      field('section', 'Section', target));
    const showFields = () => {
      const offered = new Set([...(panelKind(kind.value)?.fields ?? []), 'kind', 'title', 'section']);
      for (const node of fields.querySelectorAll('[data-field]')) node.hidden = !offered.has(node.dataset.field);
    };
    kind.addEventListener('change', () => {
      draft.kind = kind.value;
      showFields();
    });
    fill();
    showFields();

    const form = el('form', { method: 'dialog', class: 'stacked' },
      el('h2', {}, editing ? `Edit panel` : `Add panel to ${section.name}`), fields, error,
      el('div', { class: 'toolbar' }, el('button', { type: 'submit', class: 'primary' }, editing ? 'Save panel' : 'Add panel'),
        el('button', { type: 'button', value: 'cancel' }, 'Cancel')));
    const dialog = modal(form);
    form.querySelector('button[value=cancel]').addEventListener('click', () => dialog.close());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosenKind = kind.value;
      const next = {
        ...draft,
        kind: chosenKind,
        title: title.value.trim(),
        regex: regex.value.trim(),
        xAxis: xAxis.value || null,
        smoothingType: smoothingType.value || null,
        smoothing: smoothingType.value ? numberOrNull(smoothing.value) ?? 0 : null,
        logX: logX.checked,
        logY: logY.value === '' ? null : logY.value === 'log',
        yMin: numberOrNull(yMin.value),
        yMax: numberOrNull(yMax.value),
        xMetric: chosenKind === 'scatter' ? xMetric.value : '',
        metrics: chosenKind === 'line' ? [...metrics.selectedOptions].map((o) => o.value) : metric.value ? [metric.value] : [],
      };
      if (next.regex && !metricRegex(next.regex)) {
        error.textContent = `“${next.regex}” is not a valid regular expression.`;
        return;
      }
      if (chosenKind === 'line' && next.metrics.length === 0 && !next.regex) {
        error.textContent = 'Pick at least one metric, or give a regex.';
        return;
      }
      if (next.metrics.length > LIMITS.metrics) {
        error.textContent = `A panel draws at most ${LIMITS.metrics} metrics.`;
        return;
      }
      if ((chosenKind === 'bar' || chosenKind === 'scalar' || chosenKind === 'scatter') && next.metrics.length === 0) {
        error.textContent = 'Pick the value to show.';
        return;
      }
      if (chosenKind === 'scatter' && !next.xMetric) {
        error.textContent = 'Pick the x value.';
        return;
      }
      if (next.yMin != null && next.yMax != null && next.yMin >= next.yMax) {
        error.textContent = 'The y range’s min must be below its max.';
        return;
      }
      const clean = cleanPanel(next, kindKeys());
      if (!editing && layout().sections.reduce((n, s) => n + s.panels.length, 0) >= LIMITS.panels) {
        error.textContent = `A workspace holds at most ${LIMITS.panels} panels.`;
        return;
      }
      dialog.close();
      change((l) => {
        const home = l.sections.find((s) => s.panels.some((p) => p.id === clean.id));
        const to = l.sections.find((s) => s.id === target.value) ?? l.sections.find((s) => s.id === section.id);
        if (home) {
          const at = home.panels.findIndex((p) => p.id === clean.id);
          if (home === to) home.panels[at] = clean;
          else {
            home.panels.splice(at, 1);
            to.panels.push(clean);
          }
        } else to.panels.push(clean);
      });
    });
    (editing ? title : kind).focus();
  }

  return {
    /** Draws every panel anew for these runs. */
    async render(shown) {
      runs = shown;
      for (const entry of controllers.values()) entry.controller.destroy();
      controllers.clear();
      await draw();
    },
    /** The layout's metrics may have grown: new panels are built, the others stay as drawn. */
    grow: () => draw(),
    /** The workspace's settings changed: every panel draws again (the charts ask the server once, batched). */
    redraw(shown = runs) {
      runs = shown;
      return Promise.all([...controllers.values()].map((entry) => entry.controller.draw(runs)));
    },
    /** Live: the named runs changed; every drawn panel takes it in place. */
    update(names) {
      return Promise.all([...controllers.values()].map((entry) => entry.controller.append(names)));
    },
    /** A panel asked for by id (tests and the view use it). */
    find: findPanel,
    destroy() {
      for (const entry of controllers.values()) entry.controller.destroy();
      controllers.clear();
    },
  };
}
