import { isAppError } from '../../src/lib/server/app-error';

/** The status and message of the AppError `fn` throws (throws itself when `fn` succeeds or fails otherwise). */
export function refusal(fn: () => unknown): { status: number; message: string } {
	try {
		fn();
	} catch (e) {
		if (isAppError(e)) return { status: e.status, message: e.message };
		throw e;
	}
	throw new Error('not refused');
}
