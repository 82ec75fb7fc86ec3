import { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { changeLine, CLOSED_SUGGESTIONS_HEADING, commentLine, decisionLine, hasOther, meetingWhen, suggestionLine } from '../../board/minutes-markdown';
import type { Minutes, MinutesSection } from '../../board/minutes';

const FONT = 'Arial';
/** Half-points: 10 pt body text, A4 portrait. */
const SIZE = 20;
const MUTED = '5B6675';

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]): Paragraph {
	return new Paragraph({ heading: level, keepNext: true, spacing: { before: 240, after: 80 }, children: [new TextRun(text)] });
}

function bullets(lines: string[], none: string): Paragraph[] {
	if (lines.length === 0) return [new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: none, italics: true, color: MUTED })] })];
	return lines.map((line) => new Paragraph({ bullet: { level: 0 }, spacing: { after: 40 }, children: [new TextRun(line)] }));
}

function section(s: MinutesSection): Paragraph[] {
	return [
		heading('Changes during the meeting', HeadingLevel.HEADING_3),
		...bullets(s.changes.map(changeLine), 'No changes.'),
		heading('Decisions', HeadingLevel.HEADING_3),
		...bullets(s.decisions.map(decisionLine), 'No decisions recorded.'),
		heading('Open comments', HeadingLevel.HEADING_3),
		...bullets(s.comments.map(commentLine), 'No open comments.'),
		...closedSuggestions(s)
	];
}

function closedSuggestions(s: MinutesSection): Paragraph[] {
	if (s.suggestions.length === 0) return [];
	return [heading(CLOSED_SUGGESTIONS_HEADING, HeadingLevel.HEADING_3), ...bullets(s.suggestions.map(suggestionLine), '')];
}

function fact(label: string, value: string): Paragraph {
	return new Paragraph({ spacing: { after: 40 }, children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
}

/**
 * The draft minutes as a Word document (A4 portrait): the meeting's facts, the
 * agenda, then per item its changes, decisions and open comments — the same
 * lines as the Markdown download, so the secretariat can edit either.
 */
export async function minutesDocx(m: Minutes): Promise<Uint8Array> {
	const title = `${m.info.running ? 'Draft minutes so far' : 'Draft minutes'}: ${m.info.title}`;
	const children: Paragraph[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, spacing: { after: 160 }, children: [new TextRun(title)] }),
		fact('Board', m.info.boardTitle),
		fact('When', `${meetingWhen(m.info)}${m.info.running ? ' (meeting in progress)' : ''}`),
		...(m.info.startedByName ? [fact('Started by', m.info.startedByName)] : []),
		...(m.info.versionLabel ? [fact('Board saved as version', `“${m.info.versionLabel}”`)] : []),
		heading('Agenda', HeadingLevel.HEADING_1),
		...m.items.map(
			(item) =>
				new Paragraph({
					spacing: { after: 40 },
					children: [new TextRun({ text: `${item.number}. ${item.ref} `, bold: true }), new TextRun(item.text.replace(/\s+/g, ' ').trim())]
				})
		)
	];
	for (const item of m.items) {
		children.push(heading(`${item.number}. ${item.ref}`, HeadingLevel.HEADING_2));
		if (item.text) children.push(new Paragraph({ spacing: { after: 80 }, children: [new TextRun({ text: item.text, italics: true })] }));
		children.push(...section(item));
	}
	if (hasOther(m)) {
		children.push(heading('Other changes during the meeting', HeadingLevel.HEADING_2));
		if (m.other.decisions.length) children.push(heading('Decisions', HeadingLevel.HEADING_3), ...bullets(m.other.decisions.map(decisionLine), ''));
		children.push(...closedSuggestions(m.other));
		children.push(heading('Changes', HeadingLevel.HEADING_3), ...bullets(m.other.changes.map(changeLine), 'No changes.'));
	}
	const doc = new Document({
		creator: 'Planning Board',
		title,
		styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
		sections: [
			{
				properties: { page: { margin: { top: 1000, bottom: 1000, left: 1100, right: 1100 } } },
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								alignment: AlignmentType.CENTER,
								children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16, color: MUTED })]
							})
						]
					})
				},
				children
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}
