// The board's dates are written in the contract (src/lib/contract/dates.ts); this name stays for the version labels' module until it imports from there.
export { formatAsOf } from './contract/dates';
