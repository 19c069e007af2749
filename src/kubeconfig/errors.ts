/** Error type for everything that makes a kubeconfig unusable, with a code the prompt and `status` can act on. */

export type KubeconfigErrorCode =
  | 'unreadable'
  | 'unparsable'
  | 'too-large'
  | 'duplicate-name'
  | 'no-current-context'
  | 'missing-context'
  | 'missing-cluster'
  | 'missing-user'
  | 'missing-overlay';

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
  readonly code: KubeconfigErrorCode;
  /** The kubeconfig file the problem is in, when one file is to blame. */
  readonly file: string | undefined;

  constructor(code: KubeconfigErrorCode, message: string, file?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.file = file;
  }
}
