import type { Sessions } from '../../identity/auth';
import type { HistoryRecorder } from '../../history/recorder';
import type { Extension } from '../extension';
import type { ClientIds } from '../integrity';
import { authority, type AuthorityDeps } from './authority';
import { history } from './history';
import { integrity } from './integrity';
import { session } from './session';

export { authority, history, integrity, session };
export { originAllowed } from './session';

export interface AppExtensionDeps extends AuthorityDeps {
	sessions: Sessions;
	/** The configured public origin (env ORIGIN), if any. */
	origin: string | undefined;
	/** Owners of Yjs client ids per document. */
	clientIds: ClientIds;
	/** Records per-cell history as updates are applied (none: no history). */
	history?: HistoryRecorder;
}

/**
 * The app's extensions of the collaboration server, in the order they run.
 * There is no meeting extension: nothing in the write path depends on a
 * meeting running (a decision may be recorded in a meeting or outside one,
 * and its `meeting` is the chair's word: docs/permissions.md).
 */
export function appExtensions(deps: AppExtensionDeps): Extension[] {
	return [
		session(deps),
		authority(deps),
		integrity({ clientIds: deps.clientIds }),
		...(deps.history ? [history(deps.history)] : [])
	];
}
