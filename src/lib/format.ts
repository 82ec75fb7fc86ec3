const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "31 May 2016" for an ISO date ("2016-05-31"); empty for none. */
export function formatAsOf(asOf: string | null | undefined): string {
	return asOf ? DATE.format(new Date(`${asOf}T00:00:00Z`)) : '';
}
