/** The collaboration concept as the rest of the server sees it: import it as a namespace. */
export { appExtensions, type AppExtensionDeps } from './extensions';
export { ClientIds } from './integrity';
export { DocStore } from './doc-store';
export { Rooms } from './rooms';
export { COLLAB_PATH_PREFIX } from './paths';
export type { CollabOptions } from './options';
