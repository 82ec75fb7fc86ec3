import { exportCsv } from './csv';
import { exportDocx } from './docx';
import type { ExportFormat } from '../../contract/exports';
import { CONTENT_TYPES, exportFileName } from './format';
import { exportJson } from './json';
import type { ExportModel } from './model';
import { exportPdf } from './pdf';
import { exportXlsx } from './xlsx';

export { CONTENT_TYPES } from './format';
export { apaSection } from './section';
export { listVersionLabels, loadExportModel } from './source';

export { buildExportModel, type ExportModel } from './model';
export { EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../../contract/exports';

export interface ExportFile {
	bytes: Uint8Array;
	contentType: string;
	fileName: string;
}

/** Renders `model` in `format`. The same model always gives the same content (see docs/export-format.md). */
export async function exportBoard(model: ExportModel, format: ExportFormat): Promise<ExportFile> {
	const render: Record<ExportFormat, (m: ExportModel) => Uint8Array | Promise<Uint8Array>> = {
		xlsx: exportXlsx,
		docx: exportDocx,
		pdf: exportPdf,
		csv: exportCsv,
		json: exportJson
	};
	return { bytes: await render[format](model), contentType: CONTENT_TYPES[format], fileName: exportFileName(model, format) };
}
