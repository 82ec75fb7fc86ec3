import { readBoard } from '../board/view';
import { getAppContext } from './app-context';
import type { SessionUser } from './auth';
import { listBodies } from './bodies';
import { boardOf } from './http';

/** What a page that opens the board's live documents (`LiveBoard.ofPage`) loads: the board, its view, the main bodies, who is looking. */
export function livePageData(params: Partial<Record<string, string>>, user: SessionUser) {
	const ctx = getAppContext();
	const board = boardOf({ params });
	return {
		board,
		view: readBoard(ctx.rooms.readDocs(board.id)),
		bodies: listBodies(ctx.db).filter((b) => !b.parent),
		me: { id: user.id, role: user.role, body: user.body }
	};
}
