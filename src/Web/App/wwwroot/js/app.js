// The web app: a small router over the History API. Pages are modules exporting render(main, params, app), which may
// return a cleanup function (closing live streams, destroying charts) that runs before the next page renders.
import { request, appPath, url, ApiError } from './api.js';
import { el, replace, link, errorBox } from './dom.js';
import * as login from './pages/login.js';
import * as password from './pages/password.js';
import * as home from './pages/home.js';
import * as project from './pages/project.js';
import * as run from './pages/run.js';
import * as settings from './pages/settings.js';
import * as admin from './pages/admin.js';
import * as authorize from './pages/authorize.js';
import * as artifacts from './pages/artifacts.js';
import * as team from './pages/team.js';
import * as newTeam from './pages/new-team.js';
import * as projectSettings from './pages/project-settings.js';
import * as audit from './pages/audit.js';
import * as sweeps from './pages/sweeps.js';
import * as sweep from './pages/sweep.js';
import * as projectOverview from './pages/project-overview.js';
import * as reports from './pages/reports.js';

const ROUTES = [
  { pattern: /^login$/, page: login, public: true },
  { pattern: /^$/, page: home },
  { pattern: /^settings$/, page: settings },
  { pattern: /^admin$/, page: admin, admin: true },
  { pattern: /^authorize$/, page: authorize },
  { pattern: /^create-team$/, page: newTeam },
  { pattern: /^admin\/audit$/, page: audit, admin: true },
  // W&B's own paths resolve to the same content, so a pasted W&B link lands where it pointed.
  { pattern: /^([^/]+)\/projects$/, page: team, params: ['entity'] },
  { pattern: /^([^/]+)\/([^/]+)\/runs\/([^/]+)$/, page: run, params: ['entity', 'project', 'run'] },
  { pattern: /^([^/]+)\/([^/]+)\/runs\/([^/]+)\/(overview|workspace|charts|media|system|logs|files|artifacts)$/, page: run, params: ['entity', 'project', 'run', 'tab'] },
  { pattern: /^([^/]+)\/([^/]+)\/runs$/, page: project, params: ['entity', 'project'], fixed: { mode: 'table' } },
  { pattern: /^([^/]+)\/([^/]+)\/table$/, page: project, params: ['entity', 'project'], fixed: { mode: 'table' } },
  { pattern: /^([^/]+)\/([^/]+)\/groups\/([^/]+)$/, page: project, params: ['entity', 'project', 'group'] },
  { pattern: /^([^/]+)\/([^/]+)\/overview$/, page: projectOverview, params: ['entity', 'project'] },
  { pattern: /^([^/]+)\/([^/]+)\/reports$/, page: reports, params: ['entity', 'project'] },
  { pattern: /^([^/]+)\/([^/]+)\/reports\/([^/]+)$/, page: reports, params: ['entity', 'project', 'report'] },
  { pattern: /^([^/]+)\/([^/]+)\/artifacts$/, page: artifacts, params: ['entity', 'project'] },
  { pattern: /^([^/]+)\/([^/]+)\/artifacts\/([^/]+)\/([^/]+)$/, page: artifacts, params: ['entity', 'project', 'type', 'collection'] },
  { pattern: /^([^/]+)\/([^/]+)\/artifacts\/([^/]+)\/([^/]+)\/([^/]+)$/, page: artifacts, params: ['entity', 'project', 'type', 'collection', 'version'] },
  { pattern: /^([^/]+)\/([^/]+)\/settings$/, page: projectSettings, params: ['entity', 'project'] },
  { pattern: /^([^/]+)\/([^/]+)\/sweeps$/, page: sweeps, params: ['entity', 'project'] },
  { pattern: /^([^/]+)\/([^/]+)\/sweeps\/([^/]+)$/, page: sweep, params: ['entity', 'project', 'sweep'] },
  { pattern: /^([^/]+)\/([^/]+)(?:\/workspace)?$/, page: project, params: ['entity', 'project'] },
  { pattern: /^([^/]+)$/, page: team, params: ['entity'] },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const navToggle = document.getElementById('nav-toggle');
let cleanup = null;

export const app = {
  session: null,

  navigate(path, { replace: replaceState = false } = {}) {
    const target = url(path);
    if (replaceState) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    return route();
  },

  async refreshSession() {
    // 204 (null) when nobody is logged in.
    this.session = await request('GET', 'api/session');
    renderNav();
    return this.session;
  },

  async logout() {
    await request('POST', 'api/session/logout');
    this.session = null;
    renderNav();
    await this.navigate('login');
  },
};

function renderNav() {
  const session = app.session;
  const current = appPath();
  const item = (path, label) => {
    const a = link(path || './', label);
    if (current === path) a.setAttribute('aria-current', 'page');
    return a;
  };
  setNavOpen(false);
  navToggle.hidden = !session || session.mustChangePassword;
  if (!session) {
    replace(nav);
    return;
  }
  const logout = el('button', { type: 'button' }, 'Log out');
  logout.addEventListener('click', () => app.logout());
  if (session.mustChangePassword) {
    // Nothing to navigate to before the new password, but a way out: someone else's temporary password was typed.
    replace(nav, el('span', { class: 'spacer' }), el('span', { class: 'who' }, session.username), logout);
    return;
  }
  replace(nav,
    item('', 'Projects'),
    entitySwitcher(session, current),
    item('settings', 'Settings'),
    session.admin ? item('admin', 'Admin') : null,
    session.admin ? item('admin/audit', 'Audit log') : null,
    el('span', { class: 'spacer' }),
    el('span', { class: 'who' }, session.username),
    logout);
}

/** On narrow windows the navigation is folded behind the menu button (app.css); a navigation folds it again. */
function setNavOpen(open) {
  navToggle.setAttribute('aria-expanded', String(open));
  navToggle.closest('.topbar').classList.toggle('nav-open', open);
}
navToggle.addEventListener('click', () => setNavOpen(navToggle.getAttribute('aria-expanded') !== 'true'));

/** The entity switcher: a disclosure listing the user's entities (personal and teams) and "Create a team". */
function entitySwitcher(session, current) {
  const first = current.split('/')[0];
  const active = session.entities.includes(first) ? first : null;
  const details = el('details', { class: 'switcher' },
    el('summary', {}, 'Entity: ', el('strong', {}, active ?? session.entity ?? session.username)),
    el('ul', { class: 'plain', 'aria-label': 'Entities' },
      session.entities.map((name) => {
        const a = link(encodeURIComponent(name), name);
        if (name === active) a.setAttribute('aria-current', 'true');
        return el('li', {}, a);
      }),
      el('li', { class: 'separator' }, link('create-team', 'Create a team'))));
  details.addEventListener('click', (event) => {
    if (event.target.closest('a')) details.open = false;
  });
  details.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && details.open) {
      details.open = false;
      details.querySelector('summary').focus();
    }
  });
  return details;
}

async function route() {
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // A page failing to clean up must not stop the next one.
    }
    cleanup = null;
  }
  const path = appPath();
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    replace(main, el('h1', {}, 'Not found'), el('p', {}, 'There is no page at this address. ', link('./', 'Go to your projects.')));
    return;
  }

  if (!match.r.public) {
    if (app.session === null) await app.refreshSession();
    if (!app.session) {
      const next = path ? `?next=${encodeURIComponent(path + location.search)}` : '';
      return app.navigate(`login${next}`, { replace: true });
    }
    if (app.session.mustChangePassword) {
      renderNav();
      document.title = 'Change your password · Orleans.Wandb';
      cleanup = (await password.render(main, {}, app)) ?? null;
      return;
    }
    if (match.r.admin && !app.session.admin) {
      replace(main, el('h1', {}, 'Admins only'), el('p', {}, 'This page is for instance admins.'));
      return;
    }
  }

  renderNav();
  const params = { ...(match.r.fixed ?? {}) };
  (match.r.params ?? []).forEach((name, i) => (params[name] = decodeURIComponent(match.m[i + 1])));
  replace(main, el('p', { class: 'muted' }, 'Loading…'));
  try {
    cleanup = (await match.r.page.render(main, params, app)) ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      app.session = null;
      return app.navigate(`login?next=${encodeURIComponent(path)}`, { replace: true });
    }
    replace(main, errorBox(error));
  }
  main.focus({ preventScroll: true });
}

// Same-document navigation for links marked data-link (plain clicks only: new tabs and downloads stay native).
document.addEventListener('click', (event) => {
  const a = event.target.closest?.('a[data-link]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  app.navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', () => route());

route();
