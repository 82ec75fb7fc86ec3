/** The history concept as the routes see it: import it as a namespace. */
export { cellTimeline } from './timeline';
