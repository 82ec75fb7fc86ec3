/**
 * Why a person was signed out while a board was open, shared by the server
 * (the close reason it sends) and the pages (the board sends the person to the
 * sign-in page with `?why=`, which says it in words).
 */
export const SIGNED_OUT_REASON = {
	passwordReset: 'password reset',
	deactivated: 'account deactivated'
} as const;

export type SignedOutWhy = 'reset' | 'deactivated' | 'ended';

/** The `?why=` value for a close reason the server sent. */
export function signedOutWhy(reason: string): SignedOutWhy {
	if (reason === SIGNED_OUT_REASON.passwordReset) return 'reset';
	if (reason === SIGNED_OUT_REASON.deactivated) return 'deactivated';
	return 'ended';
}

/** What the sign-in page says for `?why=`; null for no or an unknown value. */
export function signedOutMessage(why: string | null): string | null {
	switch (why) {
		case 'reset':
			return 'You were signed out because the secretariat reset your password. Your old password no longer works: use the link the secretariat sends you to choose a new one. Edits you had not sent yet are kept in this browser and sent after you sign in.';
		case 'deactivated':
			return 'You were signed out because your account was deactivated. Ask the secretariat if you think this is a mistake.';
		case 'ended':
			return 'Your session has ended (you signed out on another device, or it expired). Sign in again to keep working; unsent edits are kept in this browser.';
		default:
			return null;
	}
}
