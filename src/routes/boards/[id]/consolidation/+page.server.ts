import { getAppContext } from '$lib/server/app-context';
import { pageLoad } from '$lib/server/http';
import { livePageData } from '$lib/server/live-page';
import type { PageServerLoadEvent } from './$types';

export const load = pageLoad(({ params, locals }: PageServerLoadEvent) => {
	const data = livePageData(params, locals.user!);
	return { ...data, suggestions: getAppContext().suggestions.list(data.board.id) };
});
