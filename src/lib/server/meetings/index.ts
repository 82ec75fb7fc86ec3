/** The meetings concept as the routes see it: import it as a namespace. */
export { minutesFileName } from './minutes';
export { minutesDocx } from './minutes-docx';
