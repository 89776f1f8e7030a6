// Words of the team model the team and project pages share.

/** The roles a team member can have, most powerful first. */
export const ROLES = ['admin', 'member', 'viewer'];

/** A project's visibility values and how the pages name them. */
export const VISIBILITY = { private: 'Private', team: 'Team', open: 'Open' };
