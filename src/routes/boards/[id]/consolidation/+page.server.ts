import * as http from '$lib/server/http';
import type { PageServerLoadEvent } from './$types';

export const load = http.pageLoad((event: PageServerLoadEvent) => {
	const data = http.livePageData(event);
	return { ...data, suggestions: event.locals.app.suggestions.list(data.board.id) };
});
