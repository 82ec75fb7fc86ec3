import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = http.pageLoad((event: PageServerLoadEvent) => http.livePageData(event));
