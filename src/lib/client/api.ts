import type { CommentView, ThreadView } from '$lib/board/discussion';
import type { SourceLines } from '$lib/board/uncertain';
import type { CommentListing, CommentsRead, CommentSummary, DiscussionSettingsInput, MentionPeople, NewComment, PostedComment } from '$lib/contract/comments';
import type { EntryBodyAnswer, ProcedureAnswer, ProcedureInput } from '$lib/contract/entries';
import { exportParams, type CommentMatrixImport, type ExportRequest, type ExportVersions } from '$lib/contract/exports';
import type { Activity, ActivitySince, CellHistory, Restored, RestoreInput } from '$lib/contract/history';
import type { MeetingAnswer, MoveMeeting } from '$lib/contract/meetings';
import type { MonitoringAnswer, ReportDetail } from '$lib/contract/monitoring';
import type { NotificationList, NotificationsRead, UnreadCount } from '$lib/contract/notifications';
import type { NewSuggestion, SuggestionAction, SuggestionAnswer, SuggestionList } from '$lib/contract/suggestions';
import { callApi, requestApi } from './json-api';

export { ApiError } from './json-api';

const board = (id: string) => `/api/boards/${encodeURIComponent(id)}`;
const entry = (boardId: string, entryId: string) => `${board(boardId)}/entries/${encodeURIComponent(entryId)}`;

/**
 * Every call the browser makes to the app's endpoints, one function each,
 * typed by the contract (`$lib/contract/*`). A refusal rejects with an
 * `ApiError` carrying the server's message and status.
 */
export const api = {
	comments: {
		summary: (boardId: string) => callApi<CommentSummary>(`${board(boardId)}/comments/summary`),
		list: (boardId: string, cell: string) => callApi<CommentListing>(`${board(boardId)}/comments`, { query: { cell } }),
		add: (boardId: string, input: NewComment) => callApi<PostedComment>(`${board(boardId)}/comments`, { method: 'POST', body: input }),
		edit: (boardId: string, commentId: number, body: string) =>
			callApi<{ comment: CommentView }>(`${board(boardId)}/comments/${commentId}`, { method: 'PATCH', body: { body } }),
		setResolved: (boardId: string, threadId: number, resolved: boolean) =>
			callApi<{ thread: ThreadView }>(`${board(boardId)}/comments/${threadId}`, { method: 'PATCH', body: { resolved } }),
		markRead: (boardId: string, input: CommentsRead) =>
			callApi<Pick<CommentSummary, 'counts'>>(`${board(boardId)}/comments/read`, { method: 'POST', body: input }),
		setSettings: (boardId: string, input: DiscussionSettingsInput) =>
			callApi<Pick<CommentSummary, 'settings'>>(`${board(boardId)}/comments/settings`, { method: 'PUT', body: input }),
		people: (boardId: string) => callApi<MentionPeople>(`${board(boardId)}/comments/people`)
	},
	suggestions: {
		list: (boardId: string, state?: 'open' | 'all') => callApi<SuggestionList>(`${board(boardId)}/suggestions`, { query: { state } }),
		add: (boardId: string, input: NewSuggestion) => callApi<SuggestionAnswer>(`${board(boardId)}/suggestions`, { method: 'POST', body: input }),
		act: (boardId: string, suggestionId: number, action: SuggestionAction) =>
			callApi<SuggestionAnswer>(`${board(boardId)}/suggestions/${suggestionId}`, { method: 'POST', body: { action } })
	},
	entries: {
		moveToBody: (boardId: string, entryId: string, body: string) =>
			callApi<EntryBodyAnswer>(`${entry(boardId, entryId)}/body`, { method: 'POST', body: { body } }),
		procedure: (boardId: string, entryId: string, input: ProcedureInput) => callApi<ProcedureAnswer>(`${entry(boardId, entryId)}/procedure`, { method: 'POST', body: input })
	},
	history: {
		cell: (boardId: string, cell: string) => callApi<CellHistory>(`${board(boardId)}/history`, { query: { cell } }),
		activity: (boardId: string, since: ActivitySince) => callApi<Activity>(`${board(boardId)}/activity`, { query: since }),
		restore: (boardId: string, input: RestoreInput) => callApi<Restored>(`${board(boardId)}/history/restore`, { method: 'POST', body: input })
	},
	meeting: {
		running: (boardId: string) => callApi<MeetingAnswer>(`${board(boardId)}/meeting`),
		moveTo: (boardId: string, input: MoveMeeting) => callApi<MeetingAnswer<NonNullable<MeetingAnswer['meeting']>>>(`${board(boardId)}/meeting`, { method: 'POST', body: input })
	},
	monitoring: {
		input: (boardId: string) => callApi<MonitoringAnswer>(`${board(boardId)}/monitoring`),
		report: (boardId: string, periodId: number, body: string) =>
			callApi<ReportDetail>(`${board(boardId)}/periods/${periodId}/reports/${encodeURIComponent(body)}`)
	},
	notifications: {
		list: () => callApi<NotificationList>('/api/notifications'),
		markRead: (input: NotificationsRead) => callApi<UnreadCount>('/api/notifications/read', { method: 'POST', body: input })
	},
	exports: {
		versions: (boardId: string) => callApi<ExportVersions>(`${board(boardId)}/export/versions`),
		/** The file as a streaming response (the caller reads its body for progress). */
		download: (boardId: string, request: ExportRequest, signal?: AbortSignal) => requestApi(`${board(boardId)}/export`, { query: exportParams(request), signal }),
		/** Where the file downloads from, for a plain link. */
		href: (boardId: string, request: ExportRequest) => `${board(boardId)}/export?${exportParams(request)}`
	},
	commentMatrix: {
		/** Where the matrix downloads from: a link, not a call. */
		href: (boardId: string, format: 'xlsx' | 'docx') => `${board(boardId)}/comment-matrix?format=${format}`,
		import: (boardId: string, body: string, file: Blob, apply: boolean) =>
			callApi<CommentMatrixImport>(`${board(boardId)}/comment-matrix`, { method: 'POST', query: { body, apply: apply ? 1 : 0 }, body: file })
	},
	sources: {
		matrix2016: (lines: { from: number; to: number }) => callApi<SourceLines>('/api/sources/matrix-2016', { query: lines })
	}
};
