/**
 * Integrity checks of what a connection sends into a document it may write:
 * updates that decode exactly and fit the board's data model, Yjs client ids
 * bound to the user who first wrote under them, presence bound to the session.
 */
export { IntegrityError } from './integrity-error';
export { decodeUpdateV1Exactly, snapshotContains, type DecodedUpdate } from './decode';
export { checkShape } from './shape';
export { ROOTS, type DocKind } from './schema';
export { ClientIds, clientsOf } from './client-ids';
export { PresenceGuard, type PresenceUser, type PresenceLimits } from './presence';
