import { graphql } from '../api.js';
import { el, replace, link, errorBox } from '../dom.js';
import { VISIBILITY } from '../teams.js';

const PROJECT_QUERY = `query ProjectSettings($entity: String!, $project: String!) {
  project(name: $project, entityName: $entity) { name description access entity { name isTeam viewerRole } }
}`;
const UPDATE = `mutation UpdateProject($entityName: String!, $name: String!, $description: String, $access: String) {
  upsertModel(input: { entityName: $entityName, name: $name, description: $description, access: $access }) { project { description access } }
}`;
const DELETE = `mutation DeleteProject($entityName: String!, $name: String!) { deleteProject(input: { entityName: $entityName, name: $name }) { success } }`;

const HELP = {
  private: 'Only members of the owning entity.',
  team: 'Members of the owning team (the default).',
  open: 'Every signed-in user of this server can read it.',
};

/** A project's visibility and description (entity admins change visibility, writers the description) and deletion. */
export async function render(main, { entity, project }, app) {
  document.title = `Settings · ${project} · Orleans.Wandb`;
  const data = await graphql(PROJECT_QUERY, { entity, project });
  if (!data.project) {
    replace(main, el('h1', {}, 'Project not found'), el('p', {}, `There is no project ${entity}/${project}, or you may not see it. `, link('./', 'Back to projects.')));
    return;
  }
  const info = data.project;
  const role = info.entity?.viewerRole;
  const isAdmin = app.session.admin || role === 'admin' || (!info.entity?.isTeam && role != null);
  const canWrite = isAdmin || role === 'member';
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const message = el('div', { 'aria-live': 'polite' });

  const description = el('textarea', { id: 'project-description', rows: '3', cols: '60', disabled: !canWrite }, info.description ?? '');
  const radios = Object.entries(VISIBILITY).map(([value, label]) => el('div', { class: 'choice' },
    el('input', { type: 'radio', name: 'access', id: `access-${value}`, value, checked: info.access === value, disabled: !isAdmin, 'aria-describedby': `access-${value}-help` }),
    el('label', { for: `access-${value}` }, label),
    el('span', { id: `access-${value}-help`, class: 'muted small' }, HELP[value])));
  const save = el('button', { type: 'submit', class: 'primary', disabled: !canWrite }, 'Save');
  const form = el('form', { class: 'settings-form' },
    el('label', { for: 'project-description' }, 'Description'), description,
    el('fieldset', {}, el('legend', {}, 'Visibility'), radios,
      isAdmin ? null : el('p', { class: 'muted small' }, 'Only admins of the owning entity change the visibility.')),
    save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const access = form.querySelector('input[name="access"]:checked')?.value;
    try {
      const answer = await graphql(UPDATE, {
        entityName: entity,
        name: project,
        description: description.value,
        access: isAdmin && access !== info.access ? access : null,
      });
      info.access = answer.upsertModel.project.access;
      replace(message, el('p', { class: 'ok', role: 'status' }, `Saved. Visibility: ${VISIBILITY[info.access] ?? info.access}.`));
    } catch (e) {
      replace(message, errorBox(e));
    }
  });

  let danger = null;
  if (isAdmin) {
    const confirmName = el('input', { id: 'delete-confirm', autocomplete: 'off', 'aria-describedby': 'delete-help' });
    const remove = el('button', { type: 'submit', class: 'danger' }, 'Delete project');
    const deleteForm = el('form', { class: 'inline-form' },
      el('label', { for: 'delete-confirm' }, `Type ${project} to confirm`, confirmName), remove);
    deleteForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (confirmName.value !== project) {
        replace(message, errorBox(new Error(`Type the project name, ${project}, to delete it.`)));
        confirmName.focus();
        return;
      }
      try {
        await graphql(DELETE, { entityName: entity, name: project });
        await app.navigate(encodeURIComponent(entity));
      } catch (e) {
        replace(message, errorBox(e));
      }
    });
    danger = el('section', { class: 'panel', 'aria-labelledby': 'danger' },
      el('h2', { id: 'danger' }, 'Delete this project'),
      el('p', { id: 'delete-help' }, 'Deletes the project and its runs. This cannot be undone.'),
      deleteForm);
  }

  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity), ' / ', link(projectPath, project)),
    el('h1', {}, `${project} settings`),
    message,
    el('section', { class: 'panel', 'aria-labelledby': 'general' }, el('h2', { id: 'general' }, 'General'), form),
    danger);
}
