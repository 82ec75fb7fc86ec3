import { readBoard } from '../../board/view';
import { listBodies } from '../boards/bodies';
import { boardOf } from '.';

/** What a page that opens the board's live documents (`LiveBoard.ofPage`) loads: the board, its view, the main bodies, who is looking. */
export function livePageData(event: { params: Partial<Record<string, string>>; locals: App.Locals }) {
	const { app } = event.locals;
	// A board page is never public: the session hook has let only a signed-in user through.
	const user = event.locals.user!;
	const board = boardOf(event);
	return {
		board,
		view: readBoard(app.rooms.readDocs(board.id)),
		bodies: listBodies(app.db).filter((b) => !b.parent),
		me: { id: user.id, role: user.role, body: user.body }
	};
}
