/** The boards concept as the routes see it: import it as a namespace. */
export { listBodies } from './bodies';
export { BOARD_TEMPLATES, createBoard, newBoardProblem, type BoardTemplate } from './new-board';
export { loadSeeds } from './seeds';
export { matrixLines } from './source-lines';
export { summarizeBoards } from './summary';
