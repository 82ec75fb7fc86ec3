import { getAppContext } from '$lib/server/app-context';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { boards } = getAppContext();
	return { boards: boards.list() };
};
