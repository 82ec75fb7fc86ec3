/** The discussion concept as the rest of the server sees it: import it as a namespace. */
export { Comments } from './comments';
export { Notifications } from './notifications';
