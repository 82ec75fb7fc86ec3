import { pageLoad } from '$lib/server/http';
import { livePageData } from '$lib/server/live-page';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => livePageData(params, locals.user!));
