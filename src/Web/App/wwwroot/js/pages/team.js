import { graphql } from '../api.js';
import { el, replace, link, timeEl, copyButton, errorBox } from '../dom.js';
import { ROLES, VISIBILITY } from '../teams.js';

const ENTITY_QUERY = `query EntityPage($name: String!) {
  entity(name: $name) { name isTeam viewerRole members { id username email role accountType apiKey } invites { id email role createdAt } }
  projects(entityName: $name, first: 500) { edges { node { name description access createdAt } } }
}`;

const INVITE = `mutation Invite($entityName: String!, $login: String!, $role: String!) {
  createInvite(input: { entityName: $entityName, email: $login, role: $role }) { invite { name pending } }
}`;
const SET_ROLE = `mutation SetRole($entityName: String!, $memberId: ID!, $role: String!) {
  updateTeamMember(input: { entityName: $entityName, memberId: $memberId, role: $role }) { success }
}`;
const REMOVE = `mutation Remove($entityName: String!, $id: String!) { deleteInvite(input: { entityName: $entityName, id: $id }) { success } }`;
const CREATE_SERVICE = `mutation Service($entityName: String!, $description: String!) {
  createServiceAccount(input: { entityName: $entityName, description: $description }) { user { id } }
}`;

/** An entity's page: its projects; for a team also its members (roles, invites, removal) and service accounts. */
export async function render(main, { entity }, app) {
  document.title = `${entity} · Orleans.Wandb`;
  const message = el('div', { 'aria-live': 'polite' });
  const body = el('div');
  const subtitle = el('p', { class: 'muted', 'data-testid': 'entity-kind' });

  async function load() {
    const data = await graphql(ENTITY_QUERY, { name: entity });
    if (!data.entity) {
      replace(main, el('h1', {}, 'Not found'), el('p', {}, `There is no entity ${entity}, or you may not see it. `, link('./', 'Back to projects.')));
      return false;
    }
    const info = data.entity;
    const manage = info.isTeam && (info.viewerRole === 'admin' || app.session.admin);
    const people = info.members.filter((m) => m.accountType !== 'SERVICE');
    const services = info.members.filter((m) => m.accountType === 'SERVICE');
    subtitle.textContent = info.isTeam
      ? `Team · your role: ${info.viewerRole ?? 'server admin'}`
      : 'Personal entity';
    replace(body,
      projectsPanel(data.projects?.edges.map((e) => e.node) ?? [], info),
      info.isTeam ? membersPanel(info, people, manage) : null,
      manage ? servicePanel(info, services) : null);
    return true;
  }

  function projectsPanel(projects, info) {
    return el('section', { class: 'panel', 'aria-labelledby': 'projects' },
      el('h2', { id: 'projects' }, 'Projects'),
      projects.length === 0
        ? el('p', { class: 'muted' }, 'No projects you may read. Log a run with ', el('code', {}, `wandb.init(entity="${info.name}", project="…")`), ' to create one.')
        : el('table', { 'data-testid': 'entity-projects' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Project'), el('th', {}, 'Visibility'), el('th', {}, 'Description'), el('th', {}, 'Created'))),
          el('tbody', {}, projects.map((p) => el('tr', {},
            el('td', {}, link(`${encodeURIComponent(info.name)}/${encodeURIComponent(p.name)}`, p.name)),
            el('td', {}, VISIBILITY[p.access] ?? p.access ?? ''),
            el('td', {}, p.description ?? ''),
            el('td', {}, timeEl(p.createdAt)))))));
  }

  function membersPanel(info, people, manage) {
    const admins = people.filter((m) => m.role === 'admin').length;
    const rows = people.map((member) => {
      const isLastAdmin = member.role === 'admin' && admins === 1;
      let roleCell = member.role;
      let action = null;
      if (manage) {
        const select = el('select', { 'aria-label': `Role of ${member.username}`, disabled: isLastAdmin, title: isLastAdmin ? 'A team keeps at least one admin' : null },
          ROLES.map((r) => el('option', { value: r, selected: r === member.role }, r)));
        select.addEventListener('change', () => act(`${member.username} is now ${select.value}.`,
          () => graphql(SET_ROLE, { entityName: info.name, memberId: member.id, role: select.value })));
        roleCell = select;
        action = el('button', { type: 'button', class: 'danger', disabled: isLastAdmin, 'aria-label': `Remove ${member.username}` }, 'Remove');
        action.addEventListener('click', () => {
          if (!confirm(`Remove ${member.username} from ${info.name}? They lose access to its team and private projects.`)) return;
          act(`Removed ${member.username}.`, () => graphql(REMOVE, { entityName: info.name, id: member.id }));
        });
      }
      return el('tr', { dataset: { member: member.username } },
        el('td', {}, member.username), el('td', {}, member.email ?? ''), el('td', {}, roleCell), manage ? el('td', {}, action) : null);
    });

    let form = null;
    if (manage) {
      const login = el('input', { id: 'invite-login', required: true, autocomplete: 'off', placeholder: 'name@example.com' });
      const role = el('select', { id: 'invite-role' }, ROLES.map((r) => el('option', { value: r, selected: r === 'member' }, r)));
      form = el('form', { class: 'inline-form', 'aria-labelledby': 'invite-heading' },
        el('label', { for: 'invite-login' }, 'Email or username', login),
        el('div', { class: 'field' }, el('label', { for: 'invite-role' }, 'Role'), role),
        el('button', { type: 'submit', class: 'primary' }, 'Add member'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const who = login.value.trim();
        act((data) => (data.createInvite.invite.pending
          ? `Invited ${who} as ${role.value}: they join when an account with that email is created.`
          : `Added ${who} as ${role.value}.`),
        () => graphql(INVITE, { entityName: info.name, login: who, role: role.value }));
      });
    }

    return el('section', { class: 'panel', 'aria-labelledby': 'members' },
      el('h2', { id: 'members' }, 'Members'),
      el('p', { class: 'muted' }, 'Admins manage members and settings; members read and write the team\'s projects; viewers only read them.'),
      el('table', { 'data-testid': 'members' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Username'), el('th', {}, 'Email'), el('th', {}, 'Role'), manage ? el('th', {}, el('span', { class: 'sr-only' }, 'Actions')) : null)),
        el('tbody', {}, rows)),
      manage ? invitesPanel(info) : null,
      manage ? [el('h3', { id: 'invite-heading' }, 'Add a member'),
        el('p', { class: 'muted small' }, 'An email without an account on this server gets a pending invite: the person joins with the role once a server admin creates their account.'), form] : null);
  }

  function invitesPanel(info) {
    const invites = info.invites ?? [];
    return [el('h3', { id: 'pending-invites' }, 'Pending invites'),
      invites.length === 0
        ? el('p', { class: 'muted', 'data-testid': 'no-invites' }, 'No pending invites.')
        : el('table', { 'data-testid': 'invites', 'aria-labelledby': 'pending-invites' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Email'), el('th', {}, 'Role'), el('th', {}, 'Invited'), el('th', {}, el('span', { class: 'sr-only' }, 'Actions')))),
          el('tbody', {}, invites.map((invite) => {
            const revoke = el('button', { type: 'button', class: 'danger', 'aria-label': `Revoke the invite of ${invite.email}` }, 'Revoke');
            revoke.addEventListener('click', () => act(`Revoked the invite of ${invite.email}.`,
              () => graphql(REMOVE, { entityName: info.name, id: invite.id })));
            return el('tr', { dataset: { invite: invite.email } },
              el('td', {}, invite.email), el('td', {}, invite.role), el('td', {}, timeEl(invite.createdAt)), el('td', {}, revoke));
          })))];
  }

  function servicePanel(info, services) {
    const description = el('input', { id: 'service-description', required: true, autocomplete: 'off', placeholder: 'e.g. nightly CI' });
    const form = el('form', { class: 'inline-form' },
      el('label', { for: 'service-description' }, 'Description', description),
      el('button', { type: 'submit', class: 'primary' }, 'Create service account'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act('Created a service account.', () => graphql(CREATE_SERVICE, { entityName: info.name, description: description.value.trim() }));
    });
    return el('section', { class: 'panel', 'aria-labelledby': 'service-accounts' },
      el('h2', { id: 'service-accounts' }, 'Service accounts'),
      el('p', { class: 'muted' }, 'Identities for CI and scheduled jobs. Their runs log into this team; set ', el('code', {}, 'WANDB_USERNAME'), ' to name the person behind a run.'),
      services.length === 0
        ? el('p', { class: 'muted' }, 'No service accounts.')
        : el('table', { 'data-testid': 'service-accounts' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Role'), el('th', {}, 'API key'), el('th', {}, el('span', { class: 'sr-only' }, 'Actions')))),
          el('tbody', {}, services.map((s) => {
            const key = el('code', { 'data-testid': 'service-key' }, mask(s.apiKey));
            const show = el('button', { type: 'button', 'aria-pressed': 'false', 'aria-label': `Show the key of ${s.username}` }, 'Show');
            show.addEventListener('click', () => {
              const shown = show.getAttribute('aria-pressed') === 'true';
              key.textContent = shown ? mask(s.apiKey) : s.apiKey ?? '';
              show.setAttribute('aria-pressed', String(!shown));
              show.textContent = shown ? 'Show' : 'Hide';
            });
            return el('tr', {}, el('td', {}, s.username), el('td', {}, s.role), el('td', {}, key),
              el('td', {}, s.apiKey ? [show, ' ', copyButton(s.apiKey, 'Copy key')] : null));
          }))),
      el('h3', {}, 'New service account'), form);
  }

  /** Runs a change, reloads, and says what happened (`done` is the text, or makes it from the change's answer). */
  async function act(done, call) {
    try {
      const result = await call();
      await load();
      replace(message, el('p', { class: 'ok', role: 'status' }, typeof done === 'function' ? done(result) : done));
    } catch (e) {
      replace(message, errorBox(e));
      await load();
    }
  }

  if (!(await load())) return;
  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', entity),
    el('h1', {}, entity), subtitle,
    message, body);
}

function mask(key) {
  if (!key) return '';
  return key.length > 12 ? `${key.slice(0, 8)}…${key.slice(-4)}` : '••••';
}
