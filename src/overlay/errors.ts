/** The one error `use` and `ns` report: a sentence that says what is wrong and that nothing changed. */
export class OverlayError extends Error {
  override readonly name = 'OverlayError';
}
