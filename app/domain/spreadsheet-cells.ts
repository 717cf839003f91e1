// Text the app writes into CSV files that people open in a spreadsheet program.

/**
 * A CSV cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage
 * return at its start, after any spaces) gets a leading apostrophe (OWASP's advice).
 * Cells of the .xlsx files the app writes are typed as text and are never run, so
 * they are written as they are.
 */
export function escapeFormula(value: string): string {
  return /^[\s\u3000]*[=+\-@\t\r＝＋－＠]/u.test(value) ? `'${value}` : value;
}
