/**
 * Prints one plain closing line, "jest: N passed, N failed[, N skipped]", which CI tooling reads
 * to count tests in any language (jest's own summary has a different shape).
 */
class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`${line}\n`);
  }
}
module.exports = SummaryLineReporter;
