/**
 * The one error type for expected failures (a refused action, bad input, an
 * unknown board): its message is for the person, `status` is the HTTP status
 * to answer with. The HTTP boundary (`http.ts`) maps it; the CLIs print it.
 *
 * Why a brand and not `instanceof`: `server/` and the SvelteKit bundle each
 * load their own copy of this module, so an AppError thrown by a service the
 * server created is not an instance of the bundle's class. `Symbol.for` is one
 * registry per process, so `isAppError` recognises both copies.
 */

const BRAND = Symbol.for('planning-board.app-error');

/** The statuses an expected failure can answer with. */
export type AppErrorStatus = 400 | 401 | 403 | 404 | 409 | 415 | 429;

export class AppError extends Error {
	readonly [BRAND] = true;

	constructor(
		readonly status: AppErrorStatus,
		message: string
	) {
		super(message);
		this.name = 'AppError';
	}
}

/** Whether `e` is an AppError from any copy of this module. */
export function isAppError(e: unknown): e is AppError {
	return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** The request needs a signed-in user. */
export const SIGN_IN_FIRST = 'Sign in first.';
/** The board named by the request does not exist. */
export const NO_BOARD = 'No board with this id.';

/** 400: the input is wrong; the message says how. */
export const badRequest = (message: string) => new AppError(400, message);
/** 401: nobody is signed in. */
export const unauthorized = (message = SIGN_IN_FIRST) => new AppError(401, message);
/** 403: the person may not do this; the message says why. */
export const forbidden = (message: string) => new AppError(403, message);
/** 404: what the request names does not exist. */
export const notFound = (message: string) => new AppError(404, message);
/** 409: the request conflicts with the current state (already finalized, name taken). */
export const conflict = (message: string) => new AppError(409, message);
