import { z } from 'zod';

/** `/api/sources/…`: the transcribed source documents the seeds are traced to. */

const LINES = 'Those lines are not in the 2016 matrix: ask for from=<first line>&to=<last line>.';

/** GET `/api/sources/matrix-2016?from=<n>[&to=<m>]`: lines of the transcribed 2016 matrix (`to` defaults to `from`). */
export const SourceLinesQuery = z.object({
	from: z.coerce.number({ error: LINES }).int(LINES),
	to: z.coerce.number({ error: LINES }).int(LINES).optional()
});
