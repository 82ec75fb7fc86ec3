import type { Minutes } from '../../board/minutes';
import { slug } from '../export/format';

/** `<board>-<meeting title>-minutes.<ext>`: the download's file name (ASCII). */
export function minutesFileName(minutes: Minutes, ext: 'md' | 'docx'): string {
	return `${minutes.info.boardId}-${slug(minutes.info.title)}-minutes.${ext}`;
}
