import { pageLoad } from '$lib/server/http';
import { livePageData } from '$lib/server/http/live-page';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad((event: PageServerLoadEvent) => livePageData(event));
