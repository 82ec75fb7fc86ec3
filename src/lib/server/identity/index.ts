/** The identity concept as the routes see it: import it as a namespace. */
export { SESSION_COOKIE, cookieOptions } from './auth';
export { connectionUserOf } from './connection-user';
export { requireRole, requireUser } from './guards';
export { verifyPassword } from './password';
export { type Role } from './users';
