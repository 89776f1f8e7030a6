// The workspace's layout, as W&B lays it out: the runs list in a side panel on the left, the panels beside it on the
// right. The side panel is resizable (drag the separator, or focus it and use the arrow keys; double-click resets) and
// its width is part of the view. Below 900 px the two stack and the separator is hidden (app.css).
import { el } from '../dom.js';

export const DEFAULT_RUNS_WIDTH = 400;
const MIN_RUNS_WIDTH = 240;
/** The panels keep at least this much of the workspace. */
const MIN_PANELS_WIDTH = 320;
const KEY_STEP = 24;

/**
 * The two-pane layout. `runs` and `panels` are the panes' contents; `state.runsWidth` holds the side panel's width
 * (null: the default); `onResized()` runs once a resize ends (the view saves it).
 */
export function workspaceLayout(state, { runs, panels, onResized }) {
  const separator = el('div', {
    class: 'runs-resizer', role: 'separator', tabindex: '0', 'aria-orientation': 'vertical', 'aria-controls': 'runs-pane',
    'aria-label': 'Resize the runs panel', 'aria-valuemin': String(MIN_RUNS_WIDTH), title: 'Drag to resize; double-click to reset',
  });
  const runsPane = el('aside', { id: 'runs-pane', class: 'runs-pane panel', 'aria-labelledby': 'runs-heading' }, runs);
  const panelsPane = el('div', { class: 'panels-pane' }, panels);
  const element = el('div', { class: 'workspace-layout', 'data-testid': 'workspace-layout' }, runsPane, separator, panelsPane);

  function maxWidth() {
    const total = element.clientWidth || window.innerWidth;
    return Math.max(MIN_RUNS_WIDTH, total - MIN_PANELS_WIDTH);
  }

  function clamp(width) {
    return Math.round(Math.min(maxWidth(), Math.max(MIN_RUNS_WIDTH, width)));
  }

  /** Draws the current width (a restored view's, or the default) without saving it. */
  function apply() {
    const width = typeof state.runsWidth === 'number' && Number.isFinite(state.runsWidth) ? state.runsWidth : DEFAULT_RUNS_WIDTH;
    element.style.setProperty('--runs-width', `${clamp(width)}px`);
    separator.setAttribute('aria-valuenow', String(clamp(width)));
    separator.setAttribute('aria-valuemax', String(maxWidth()));
  }

  function set(width, save) {
    state.runsWidth = clamp(width);
    apply();
    if (save) onResized();
  }

  separator.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    separator.setPointerCapture(event.pointerId);
    const left = runsPane.getBoundingClientRect().left;
    element.classList.add('resizing');
    const move = (e) => set(e.clientX - left, false);
    const end = () => {
      separator.removeEventListener('pointermove', move);
      separator.removeEventListener('pointerup', end);
      separator.removeEventListener('pointercancel', end);
      element.classList.remove('resizing');
      onResized();
    };
    separator.addEventListener('pointermove', move);
    separator.addEventListener('pointerup', end);
    separator.addEventListener('pointercancel', end);
  });
  separator.addEventListener('keydown', (event) => {
    const current = runsPane.getBoundingClientRect().width;
    if (event.key === 'ArrowLeft') set(current - KEY_STEP, true);
    else if (event.key === 'ArrowRight') set(current + KEY_STEP, true);
    else if (event.key === 'Home') set(MIN_RUNS_WIDTH, true);
    else if (event.key === 'End') set(maxWidth(), true);
    else return;
    event.preventDefault();
  });
  separator.addEventListener('dblclick', () => {
    state.runsWidth = null;
    apply();
    onResized();
  });

  apply();
  return {
    element,
    apply,
    /** The runs table over the whole width, the panels hidden (W&B's /table), or back beside the panels. */
    setExpanded(expanded) {
      element.classList.toggle('table-only', expanded);
      separator.hidden = expanded;
      panelsPane.hidden = expanded;
    },
  };
}
