import { AppError } from '../shared/errors.js';

export const roles = ['officer', 'reviewer', 'analyst', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(s: string): s is Role {
  return (roles as readonly string[]).includes(s);
}

/**
 * What a user may do, as one table: each action names the roles allowed to take it. Reading
 * is open to every registered user. Approving decisions and deciding case-by-case
 * applications are the reviewer's alone (four eyes: the officer proposes, a reviewer
 * approves); the admin manages users and the ledger's data but approves nothing.
 */
export const permissions = {
  read: ['officer', 'reviewer', 'analyst', 'auditor', 'admin'],
  'audit.verify': ['officer', 'reviewer', 'analyst', 'auditor', 'admin'],
  'users.manage': ['admin'],
  'registry.write': ['officer', 'admin'],
  'permits.transition': ['officer', 'reviewer'],
  // Once users are registered, issuing, refusing, suspending, reinstating and cancelling are
  // decisions: through a case (four eyes) or an application, never a direct command.
  'permits.decide': [],
  'measures.write': ['officer', 'reviewer'],
  'evidence.write': ['analyst', 'officer', 'admin'],
  'alerts.review': ['analyst', 'officer', 'reviewer'],
  'screening.write': ['analyst', 'officer', 'admin'],
  'hits.review': ['analyst', 'officer', 'reviewer'],
  'cases.write': ['officer', 'reviewer', 'analyst'],
  'cases.close': ['officer', 'reviewer'],
  'verifications.write': ['officer', 'reviewer'],
  'decisions.propose': ['officer', 'reviewer'],
  'decisions.approve': ['reviewer'],
  'applications.submit': ['officer'],
  'applications.assess': ['officer', 'reviewer'],
  'applications.decide': ['officer', 'reviewer'],
  'applications.decide_case_by_case': ['reviewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof permissions;

export function roleAllows(role: Role, action: Action): boolean {
  return (permissions[action] as readonly Role[]).includes(role);
}

/** What to do instead, for the actions no role may take directly. */
const instead: Partial<Record<Action, string>> = {
  'permits.decide':
    'with registered users, permits are suspended, reinstated and cancelled by a case decision (decisions propose, approved by a reviewer) and issued or refused by applications decide',
};

/** Throws `forbidden` naming the user, their role, the action and who may take it. */
export function assertAllowed(user: { name: string; role: Role }, action: Action): void {
  if (permissions[action].length === 0) throw new AppError('forbidden', `${user.name} may not ${action.replace('.', ': ')}: ${instead[action]}`);
  if (!roleAllows(user.role, action)) {
    throw new AppError(
      'forbidden',
      `${user.name} (${user.role}) may not ${action.replace('.', ': ').replace(/_/g, ' ')}; allowed roles: ${permissions[action].join(', ')}`,
    );
  }
}
