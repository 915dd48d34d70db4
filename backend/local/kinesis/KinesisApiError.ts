/**
 * An error the Kinesis API answers with HTTP 400 and `{"__type": type, "message": ...}`; the AWS
 * SDK turns `type` into its exception class (`ResourceNotFoundException`, ...).
 *
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html
 */
export class KinesisApiError extends Error {
  override readonly name = 'KinesisApiError';

  /**
   * @param type - the API's error type, e.g. `ResourceNotFoundException`.
   * @param message - what was wrong, for the caller.
   */
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
