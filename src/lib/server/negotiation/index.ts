/** The negotiation concept as the routes see it: import it as a namespace. */
export { importMatrix, matrixDocx, matrixXlsx, readMatrixXlsx } from './comment-matrix';
