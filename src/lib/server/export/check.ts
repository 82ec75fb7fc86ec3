import { checkCount, type PublicationCheck } from '../../board/publication-check';

export { checkForPublication, checkCount, type PublicationCheck } from '../../board/publication-check';

/** The pre-export check as plain text (the CLI prints it before writing the file). */
export function formatCheck(check: PublicationCheck): string {
	if (checkCount(check) === 0) return 'Pre-export check: nothing to review.';
	const lines = ['Pre-export check (does not block the export):'];
	const section = (title: string, items: string[]) => {
		if (items.length === 0) return;
		lines.push(`  ${title}: ${items.length}`);
		for (const item of items.slice(0, 10)) lines.push(`    - ${item}`);
		if (items.length > 10) lines.push(`    … and ${items.length - 10} more`);
	};
	const short = (text: string) => (text.length > 70 ? `${text.slice(0, 69)}…` : text);
	section('Provisions with no entries', check.emptyProvisions.map((p) => `${p.ref} ${short(p.text)}`));
	section('Cells with entries but no lead', check.cellsWithoutLead.map((c) => `${c.ref} × ${c.category} (${c.entries})`));
	section('Entries still uncertain', check.uncertainEntries.map((e) => `${e.ref} ${e.category}, ${e.body}: ${short(e.text)}`));
	section('Entries still proposed', check.proposedEntries.map((e) => `${e.ref} ${e.category}, ${e.body}: ${short(e.text)}`));
	section('Bodies with no entries', check.bodiesWithoutEntries.map((b) => `${b.code} ${b.name}`));
	section('What the exports change', check.exportChanges.map((c) => `${c.where}: ${c.change}`));
	return lines.join('\n');
}
