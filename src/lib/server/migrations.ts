/**
 * Numbered schema migrations. Each runs once, in order, inside a transaction;
 * `PRAGMA user_version` records the last one applied. Append, never edit.
 */
export const MIGRATIONS: readonly string[] = [
	// 1: accounts, boards and the durable Yjs log
	`
	CREATE TABLE bodies (
		code TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		pillar TEXT NOT NULL CHECK (pillar IN ('APSC', 'ASCC')),
		parent TEXT REFERENCES bodies(code),
		position INTEGER NOT NULL
	);
	CREATE TABLE users (
		id INTEGER PRIMARY KEY,
		email TEXT NOT NULL UNIQUE COLLATE NOCASE,
		name TEXT NOT NULL,
		role TEXT NOT NULL CHECK (role IN ('observer', 'delegate', 'chair', 'secretariat')),
		body TEXT REFERENCES bodies(code),
		password_hash TEXT,
		active INTEGER NOT NULL DEFAULT 1,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,
		user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		secret_hash BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		last_verified_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE TABLE boards (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		as_of TEXT,
		status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalized')),
		created_at INTEGER NOT NULL,
		created_by INTEGER REFERENCES users(id)
	);
	CREATE TABLE doc_updates (
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		data BLOB NOT NULL,
		user_id INTEGER REFERENCES users(id),
		created_at INTEGER NOT NULL,
		PRIMARY KEY (board_id, seq)
	) WITHOUT ROWID;
	CREATE TABLE doc_checkpoints (
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		upto_seq INTEGER NOT NULL,
		state BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (board_id, upto_seq)
	) WITHOUT ROWID;
	CREATE TABLE meta (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);
	`,
	// 2: invite links (first sign-in sets the password; also used for resets)
	`
	CREATE TABLE invites (
		token_hash BLOB PRIMARY KEY,
		user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		created_by INTEGER REFERENCES users(id),
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		used_at INTEGER
	);
	CREATE INDEX invites_user ON invites(user_id);
	`,
	// 3: per-cell history (written by the server as it applies updates) and named versions
	`
	CREATE TABLE cell_history (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		cell_key TEXT NOT NULL,
		entry_id TEXT,
		kind TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'edited', 'moved', 'status', 'lead')),
		source TEXT NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'restore', 'server')),
		user_id INTEGER REFERENCES users(id),
		body TEXT,
		before TEXT,
		after TEXT,
		started_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		seq_from INTEGER NOT NULL,
		seq_to INTEGER NOT NULL
	);
	CREATE INDEX cell_history_cell ON cell_history(board_id, cell_key, updated_at DESC);
	CREATE INDEX cell_history_board ON cell_history(board_id, updated_at);
	CREATE TABLE versions (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		label TEXT NOT NULL,
		state BLOB NOT NULL,
		seq INTEGER NOT NULL,
		created_by INTEGER REFERENCES users(id),
		created_at INTEGER NOT NULL,
		kind TEXT NOT NULL DEFAULT 'named' CHECK (kind IN ('named', 'finalized')),
		UNIQUE (board_id, label)
	);
	`,
	// 4: discussion on cells: threaded comments, their mentions, notifications, read marks
	`
	CREATE TABLE comments (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		cell_key TEXT NOT NULL,
		cell_label TEXT NOT NULL,
		entry_id TEXT,
		parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
		author_id INTEGER NOT NULL REFERENCES users(id),
		body TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		edited_at INTEGER,
		resolved_at INTEGER,
		resolved_by INTEGER REFERENCES users(id)
	);
	CREATE INDEX comments_cell ON comments(board_id, cell_key, created_at);
	CREATE INDEX comments_parent ON comments(parent_id);
	CREATE TABLE comment_mentions (
		comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
		user_id INTEGER REFERENCES users(id),
		body_code TEXT REFERENCES bodies(code),
		CHECK ((user_id IS NULL) <> (body_code IS NULL))
	);
	CREATE INDEX comment_mentions_comment ON comment_mentions(comment_id);
	CREATE TABLE notifications (
		id INTEGER PRIMARY KEY,
		user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
		reason TEXT NOT NULL CHECK (reason IN ('mention', 'body', 'reply')),
		body_code TEXT,
		created_at INTEGER NOT NULL,
		read_at INTEGER,
		UNIQUE (user_id, comment_id)
	);
	CREATE INDEX notifications_user ON notifications(user_id, created_at DESC);
	CREATE TABLE comment_reads (
		user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		cell_key TEXT NOT NULL,
		last_read_at INTEGER NOT NULL,
		PRIMARY KEY (user_id, board_id, cell_key)
	) WITHOUT ROWID;
	ALTER TABLE boards ADD COLUMN observers_may_comment INTEGER NOT NULL DEFAULT 0;
	`,
	// 5: meetings on a board (agenda of provision ids, current item, the draft minutes saved when it ends)
	`
	CREATE TABLE meetings (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		title TEXT NOT NULL,
		agenda TEXT NOT NULL,
		current_item INTEGER NOT NULL DEFAULT 0,
		presenter_id INTEGER REFERENCES users(id),
		started_by INTEGER REFERENCES users(id),
		started_at INTEGER NOT NULL,
		ended_at INTEGER,
		ended_by INTEGER REFERENCES users(id),
		version_label TEXT,
		minutes TEXT
	);
	CREATE UNIQUE INDEX meetings_running ON meetings(board_id) WHERE ended_at IS NULL;
	CREATE INDEX meetings_board ON meetings(board_id, started_at DESC);
	`,
	// 6: history of a board's structure (title and date, columns, provision rows), beside the per-cell history
	`
	CREATE TABLE structure_history (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		target TEXT NOT NULL CHECK (target IN ('board', 'category', 'provision')),
		target_id TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('added', 'removed', 'edited')),
		source TEXT NOT NULL CHECK (source IN ('user', 'restore', 'server')),
		user_id INTEGER REFERENCES users(id),
		body TEXT,
		before TEXT,
		after TEXT,
		at INTEGER NOT NULL,
		seq INTEGER NOT NULL
	);
	CREATE INDEX structure_history_board ON structure_history(board_id, at);
	`,
	// 7: a board is a set of documents, one per authority boundary (docs/permissions.md): the log and the
	// checkpoints name their document ('board' is the first release's single document, split at start by
	// boards/split.ts); Yjs client ids are bound to the user who first wrote under them; versions store every document
	`
	ALTER TABLE doc_updates ADD COLUMN doc TEXT NOT NULL DEFAULT 'board';
	CREATE INDEX doc_updates_doc ON doc_updates(board_id, doc, seq);
	CREATE TABLE doc_checkpoints_by_doc (
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		doc TEXT NOT NULL,
		upto_seq INTEGER NOT NULL,
		state BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (board_id, doc, upto_seq)
	) WITHOUT ROWID;
	INSERT INTO doc_checkpoints_by_doc SELECT board_id, 'board', upto_seq, state, created_at FROM doc_checkpoints;
	DROP TABLE doc_checkpoints;
	ALTER TABLE doc_checkpoints_by_doc RENAME TO doc_checkpoints;
	CREATE TABLE doc_clients (
		board_id TEXT NOT NULL,
		doc TEXT NOT NULL,
		client_id INTEGER NOT NULL,
		user_id INTEGER,
		claimed_at INTEGER NOT NULL,
		PRIMARY KEY (board_id, doc, client_id)
	) WITHOUT ROWID;
	ALTER TABLE versions ADD COLUMN format TEXT NOT NULL DEFAULT 'doc' CHECK (format IN ('doc', 'docs'));
	`,
	// 8: reporting periods, progress reports per body and period, and their workflow history (issue 17; the
	// reports' content is a Yjs document each, `report:<period>:<BODY>`, in doc_updates/doc_checkpoints)
	`
	CREATE TABLE reporting_periods (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		label TEXT NOT NULL,
		opens_on TEXT NOT NULL,
		closes_on TEXT NOT NULL CHECK (closes_on >= opens_on),
		locked_at INTEGER,
		locked_by INTEGER REFERENCES users(id),
		created_at INTEGER NOT NULL,
		created_by INTEGER REFERENCES users(id),
		UNIQUE (board_id, label)
	);
	CREATE TABLE progress_reports (
		period_id INTEGER NOT NULL REFERENCES reporting_periods(id) ON DELETE CASCADE,
		body TEXT NOT NULL REFERENCES bodies(code),
		status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'approved')),
		updated_at INTEGER NOT NULL,
		PRIMARY KEY (period_id, body)
	) WITHOUT ROWID;
	CREATE TABLE report_events (
		id INTEGER PRIMARY KEY,
		period_id INTEGER NOT NULL REFERENCES reporting_periods(id) ON DELETE CASCADE,
		body TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('submitted', 'resubmitted', 'returned', 'approved')),
		comment TEXT,
		user_id INTEGER REFERENCES users(id),
		at INTEGER NOT NULL
	);
	CREATE INDEX report_events_report ON report_events(period_id, body, id);
	`,
	// 9: suggestions (docs/negotiation.md): changes proposed to a document their author may not write, accepted
	// or rejected by those who may; the history row of an accepted suggestion names its suggester
	`
	CREATE TABLE suggestions (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		kind TEXT NOT NULL CHECK (kind IN ('wording', 'new-entry', 'move', 'provision')),
		target_body TEXT,
		cell_key TEXT,
		entry_id TEXT,
		provision_id TEXT NOT NULL,
		to_cell TEXT,
		text TEXT,
		base_text TEXT,
		reason TEXT,
		author_id INTEGER NOT NULL REFERENCES users(id),
		author_body TEXT,
		created_at INTEGER NOT NULL,
		state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected', 'withdrawn')),
		decided_by INTEGER REFERENCES users(id),
		decided_at INTEGER
	);
	CREATE INDEX suggestions_board ON suggestions(board_id, state, created_at);
	ALTER TABLE cell_history ADD COLUMN suggested_by INTEGER REFERENCES users(id);
	ALTER TABLE structure_history ADD COLUMN suggested_by INTEGER REFERENCES users(id);
	`,
	// 10: decision procedures (docs/negotiation.md): ad referendum and silence procedures on entries, with a
	// deadline the server's sweep closes even with nobody online, and each body's confirmation or objection
	`
	CREATE TABLE decision_procedures (
		id INTEGER PRIMARY KEY,
		board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
		entry_id TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('ad-referendum', 'silence')),
		started_by INTEGER NOT NULL REFERENCES users(id),
		started_at INTEGER NOT NULL,
		meeting_id INTEGER,
		deadline INTEGER NOT NULL,
		closed_at INTEGER,
		outcome TEXT CHECK (outcome IN ('agreed', 'broken', 'superseded'))
	);
	CREATE INDEX decision_procedures_due ON decision_procedures(deadline) WHERE closed_at IS NULL;
	CREATE INDEX decision_procedures_board ON decision_procedures(board_id, entry_id);
	CREATE TABLE decision_responses (
		procedure_id INTEGER NOT NULL REFERENCES decision_procedures(id) ON DELETE CASCADE,
		body TEXT NOT NULL,
		response TEXT NOT NULL CHECK (response IN ('confirm', 'object')),
		note TEXT,
		user_id INTEGER NOT NULL REFERENCES users(id),
		at INTEGER NOT NULL,
		PRIMARY KEY (procedure_id, body)
	);
	`,
	// 11: history of progress reports (issue 17): who changed which field of which activity's item in a report,
	// old and new value, written by the server as it applies updates and coalesced like cell_history; the
	// workflow steps stay in report_events and are read beside it
	`
	CREATE TABLE report_history (
		id INTEGER PRIMARY KEY,
		period_id INTEGER NOT NULL REFERENCES reporting_periods(id) ON DELETE CASCADE,
		body TEXT NOT NULL,
		entry_id TEXT NOT NULL,
		field TEXT NOT NULL CHECK (field IN ('status', 'narrative', 'start', 'end', 'evidence', 'indicator', 'unit', 'target', 'actual')),
		source TEXT NOT NULL CHECK (source IN ('user', 'restore', 'server')),
		user_id INTEGER REFERENCES users(id),
		author_body TEXT,
		before TEXT,
		after TEXT,
		started_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL,
		seq_from INTEGER NOT NULL,
		seq_to INTEGER NOT NULL
	);
	CREATE INDEX report_history_report ON report_history(period_id, body, updated_at);
	`,
	// 12: the id a browser gives a suggestion it may have to resend (made offline, or its answer lost):
	// one id names one suggestion, of one author on one board, whatever arrives twice
	`
	ALTER TABLE suggestions ADD COLUMN client_id TEXT;
	CREATE UNIQUE INDEX suggestions_client_id ON suggestions(client_id) WHERE client_id IS NOT NULL;
	`
];
