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
	`
];
