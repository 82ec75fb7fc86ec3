// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AppContext } from '$lib/server/app-context';
import type { Session, SessionUser } from '$lib/server/identity/auth';

declare global {
	namespace App {
		interface Locals {
			/** The process's services, set first thing in `handle`: routes take them from here, never from the global. */
			app: AppContext;
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
