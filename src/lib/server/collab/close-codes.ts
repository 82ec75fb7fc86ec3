export { CLOSE_CODES } from '../../collab/close-codes';

/** A close reason `ws` accepts: RFC 6455 allows at most 123 bytes of UTF-8. */
export function closeReason(text: string): string {
	const bytes = Buffer.from(text, 'utf8');
	if (bytes.length <= 123) return text;
	// Cut on a character boundary: decoding a split sequence would add U+FFFD (3 bytes).
	let cut = bytes.subarray(0, 120).toString('utf8');
	while (Buffer.byteLength(cut, 'utf8') > 120) cut = cut.slice(0, -1);
	return `${cut}…`;
}
