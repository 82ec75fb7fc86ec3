/** URL prefix of the collaboration WebSocket: `/yjs/<boardId>`. */
export const COLLAB_PATH_PREFIX = '/yjs/';

/** The board id in a collaboration URL, or null when the path is not one. */
export function boardIdFromPath(url: string): string | null {
	const path = url.split('?')[0];
	if (!path.startsWith(COLLAB_PATH_PREFIX)) return null;
	const id = decodeURIComponent(path.slice(COLLAB_PATH_PREFIX.length));
	return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}
