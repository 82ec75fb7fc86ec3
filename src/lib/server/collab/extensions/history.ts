import type { HistoryRecorder } from '../../history/recorder';
import type { Extension } from '../extension';

/** Per-cell (and per-field) history: follows every loaded document and records each stored update. */
export function history(recorder: HistoryRecorder): Extension {
	return {
		name: 'history',
		docLoaded: (boardId, docName, doc) => recorder.attach(boardId, docName, doc),
		afterApply: (info) => recorder.record(info)
	};
}
