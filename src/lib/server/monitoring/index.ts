/** The monitoring concept as the routes see it: import it as a namespace. */
export { reportsXlsx } from './reports-xlsx';
