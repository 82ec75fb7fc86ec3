import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellKey } from '$lib/board/doc';
import { readBoard } from '$lib/board/view';
import type { SessionUser } from '$lib/server/identity/auth';
import * as matrixRoute from '../../src/routes/api/boards/[id]/comment-matrix/+server';
import { APA_BOARD, type UserSpec } from '../helpers/collab-server';
import { zipPart } from '../helpers/ooxml';
import { callRoute, routeEvent, sessionPerson } from '../helpers/route-call';
import { serverTestBed } from '../helpers/server-bed';

// The comment-resolution matrix: open suggestions and threads out as xlsx and
// docx (ISO/IEC columns); a body's filled xlsx back in, previewed, then made
// into suggestions and comments attributed to that body — by its delegates or the secretariat only.

const bed = serverTestBed();

async function setUp() {
	const server = await bed.start();
	const ctx = server.running.ctx;
	const person = (spec: UserSpec & { name: string }) => sessionPerson(ctx, spec).user;
	const people = {
		somEd: person({ role: 'delegate', body: 'SOM-ED', name: 'Edna Educator' }),
		acwc: person({ role: 'delegate', body: 'ACWC', name: 'Wan Children' }),
		secretariat: person({ role: 'secretariat', name: 'Sam Secretariat' }),
		observer: person({ role: 'observer', name: 'Olive Observer' })
	};
	const view = readBoard(ctx.rooms.readDocs(APA_BOARD));
	const entry = view.entries.find((e) => e.body === 'SOMTC')!;
	return { ctx, people, view, entry };
}

async function download(user: SessionUser, format: string): Promise<Response> {
	return matrixRoute.GET(routeEvent({ user, path: `/?format=${format}` }) as never);
}

async function sheet(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes as unknown as ArrayBuffer);
	return wb.getWorksheet('Comments')!;
}

describe('comment-resolution matrix', () => {
	it('exports open suggestions and threads; a filled copy imports for ACWC, previewed first', async () => {
		const { ctx, people, view, entry } = await setUp();
		ctx.suggestions.suggest(people.somEd, APA_BOARD, { kind: 'wording', entryId: entry.id, text: 'Reworded', reason: 'Clearer' });
		const cell = cellKey(entry.provision, entry.category);
		ctx.comments.post(people.somEd, { boardId: APA_BOARD, cell, cellLabel: 'x', body: 'Who funds this?' });

		const xlsx = await download(people.observer, 'xlsx');
		expect(xlsx.status).toBe(200);
		const ws = await sheet(new Uint8Array(await xlsx.arrayBuffer()));
		expect(ws.getRow(1).values).toEqual([undefined, 'Body', 'Provision', 'Paragraph (category · entry)', 'Type', 'Comment', 'Proposed change', 'Observations of the secretariat']);
		const ref = `${view.provisions.find((p) => p.id === entry.provision)!.part}.${view.provisions.find((p) => p.id === entry.provision)!.letter}`;
		expect(ws.getRow(2).values).toEqual(expect.arrayContaining(['SOM-ED', ref, 'te', 'Clearer', 'Reworded']));
		expect(String(ws.getRow(2).getCell(3).value)).toContain(`entry ${entry.id}`);
		expect(ws.getRow(3).values).toEqual(expect.arrayContaining(['SOM-ED', ref, 'ge', 'Who funds this?']));
		const docx = await download(people.observer, 'docx');
		expect(await zipPart(new Uint8Array(await docx.arrayBuffer()), 'word/document.xml')).toContain('Who funds this?');

		// ACWC fills two rows offline: new wording for the entry, and a comment on the cell.
		const category = view.categories.find((c) => c.id === entry.category)!.name;
		ws.addRow(['ACWC', ref, `${category} · entry ${entry.id}`, 'te', 'Name the children', `${entry.text} for children`, '']);
		ws.addRow(['ACWC', ref, category, 'ge', 'We can co-host', '', '']);
		ws.addRow(['ACWC', 'Z.z', '', 'ge', 'Nowhere', '', '']);
		const filled = new Uint8Array(await ws.workbook.xlsx.writeBuffer());
		const post = (user: SessionUser, query: string) => callRoute(matrixRoute.POST, { user, method: 'POST', path: `/?${query}`, body: filled });

		expect((await post(people.observer, 'body=ACWC')).status).toBe(403);
		expect((await post(people.somEd, 'body=ACWC')).status, 'not for another body').toBe(403);
		const preview = await post(people.acwc, 'body=ACWC');
		expect(preview.status).toBe(200);
		const plans = preview.data.plans as { as: string }[];
		expect(plans.map((p) => p.as), 'SOM-ED’s rows are not ACWC’s').toEqual(['skip', 'skip', 'wording', 'comment', 'skip']);
		expect(ctx.suggestions.list(APA_BOARD)).toHaveLength(1);

		const applied = await post(people.acwc, 'body=ACWC&apply=1');
		expect(applied.data.created).toEqual({ suggestions: 1, comments: 1 });
		const fromAcwc = ctx.suggestions.list(APA_BOARD).filter((s) => s.authorBody === 'ACWC');
		expect(fromAcwc.map((s) => s.text)).toEqual(expect.arrayContaining([`${entry.text} for children`]));
		expect(ctx.comments.threads(APA_BOARD, cell).some((t) => t.comments[0].body === 'We can co-host' && t.comments[0].authorBody === 'ACWC')).toBe(true);

		// The secretariat imports on ACWC's behalf: attributed to ACWC, its code in comments.
		expect((await post(people.secretariat, 'body=ACWC&apply=1')).status).toBe(200);
		expect(ctx.suggestions.list(APA_BOARD).filter((s) => s.authorBody === 'ACWC' && s.authorName === 'Sam Secretariat').length).toBeGreaterThan(0);
		expect(ctx.comments.threads(APA_BOARD, cell).some((t) => t.comments[0].body === '[ACWC] We can co-host')).toBe(true);
	});

	it('refuses what is not a matrix with a sentence', async () => {
		const { people } = await setUp();
		const bad = await callRoute(matrixRoute.POST, { user: people.acwc, method: 'POST', path: '/?body=ACWC', body: new Uint8Array([1, 2, 3]) });
		expect(bad).toMatchObject({ status: 400, data: { message: /not a readable Excel workbook/ } });
		expect((await callRoute(matrixRoute.GET, { user: people.acwc, path: '/?format=pdf' })).status).toBe(400);
	});
});
