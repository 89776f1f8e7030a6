// Alerts raised by wandb.alert(title, text, level, wait_duration): a run's on its page, every run's in the project
// overview's feed. Rate-limited alerts (an alert of the same title was notified less than its wait before) are listed
// too, marked, since the server keeps every alert it acknowledged.
import { el, link, timeEl } from './dom.js';

export const ALERT_FIELDS = 'id runName title text severity waitDuration rateLimited createdAt';

/** A list of alerts, newest first; with a project path, each names its run with a link. */
export function alertList(alerts, { projectPath = null, testId = 'alerts' } = {}) {
  if (!alerts || alerts.length === 0) return el('p', { class: 'muted', 'data-testid': testId }, 'No alerts.');
  return el('ol', { class: 'run-alerts', 'data-testid': testId }, alerts.map((alert) => el('li', {
    class: `run-alert run-alert-${alert.severity.toLowerCase()}${alert.rateLimited ? ' run-alert-limited' : ''}`,
    'data-severity': alert.severity,
  },
  el('div', { class: 'run-alert-head' },
    el('span', { class: 'run-alert-level' }, alert.severity),
    el('strong', { class: 'run-alert-title' }, alert.title),
    projectPath ? el('span', { class: 'muted small' }, ' · run ', link(`${projectPath}/runs/${encodeURIComponent(alert.runName)}`, alert.runName)) : null,
    alert.rateLimited ? el('span', { class: 'muted small', title: `An alert of this title was sent less than ${alert.waitDuration} s before` }, ' · rate-limited') : null,
    el('span', { class: 'grow' }),
    timeEl(alert.createdAt)),
  alert.text ? el('p', { class: 'run-alert-text' }, alert.text) : null)));
}
