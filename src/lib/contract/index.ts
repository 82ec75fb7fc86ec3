/**
 * What the browser and the server agree on, in one place: the JSON
 * endpoints' input schemas and answer types (one module per concept, e.g.
 * `$lib/contract/comments`), the collaboration socket's close codes, the
 * export formats and options, and how dates and cells are written for people.
 * The browser calls the endpoints through `$lib/client/api`.
 */
export { CLOSE_CODES } from '../collab/close-codes';
export { cellLabel, provisionRef } from '../board/grouping';
export * from './dates';
export type { SectoralBody } from './bodies';
export { EXPORT_FORMATS, EXPORT_FORMAT_LABELS, isExportFormat, type ExportFormat } from './exports';
