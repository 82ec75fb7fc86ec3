/**
 * An update or presence message that does not fit the board: undecodable
 * bytes, a shape outside the data model, a client id or presence state the
 * connection may not use. The message is the close reason; the connection
 * layer chooses the close code (4400 for undecodable, 4422 otherwise).
 */
export class IntegrityError extends Error {
	override name = 'IntegrityError';
}
