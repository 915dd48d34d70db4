import type {
  KinesisClient,
  PutRecordsCommandOutput,
  PutRecordsInput,
  PutRecordsRequestEntry,
  PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';

export interface InjectedFailures {
  /** Records failed on purpose so far. */
  readonly injected: () => number;
  /** Removes the middleware; later calls reach the emulator untouched. */
  remove(): void;
}

const NAME = 'clickstreamInjectPutRecordsFailures';

/**
 * Makes a client's `PutRecords` calls partially fail the way Kinesis does under throttling:
 * the call succeeds, the chosen records are NOT written and come back with an `ErrorCode`,
 * `FailedRecordCount` counts them. The local emulator never fails a record by itself, so this is how
 * the tests and the local runtime's fault mode exercise the retry and dead-letter paths
 * against the real emulator.
 *
 * @param client - the client whose calls to intercept (other commands pass through).
 * @param shouldFail - decides per record and call; called once per record per attempt.
 * @returns a handle counting the injected failures, with `remove()`.
 * @example const faults = injectPutRecordsFailures(kinesis, () => Math.random() < 0.3);
 * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html
 */
export function injectPutRecordsFailures(
  client: KinesisClient,
  shouldFail: (record: PutRecordsRequestEntry) => boolean,
): InjectedFailures {
  let injected = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args);
      const input = args.input as PutRecordsInput;
      const records = input.Records ?? [];
      const fail = records.map((r) => shouldFail(r));
      const kept = records.filter((_, i) => !fail[i]);
      injected += records.length - kept.length;
      const result =
        kept.length > 0
          ? await next({ ...args, input: { ...input, Records: kept } })
          : { output: { $metadata: {}, Records: [], FailedRecordCount: 0 }, response: {} };
      const output = result.output as PutRecordsCommandOutput;
      const real = output.Records ?? [];
      let k = 0;
      const merged: PutRecordsResultEntry[] = records.map((_, i) =>
        fail[i]
          ? {
              ErrorCode: 'ProvisionedThroughputExceededException',
              ErrorMessage: 'Rate exceeded for shard (injected by injectPutRecordsFailures).',
            }
          : (real[k++] ?? {}),
      );
      const failedCount = merged.filter((r) => r.ErrorCode).length;
      const merged$: PutRecordsCommandOutput = {
        ...output,
        Records: merged,
        FailedRecordCount: failedCount,
      };
      return { ...result, output: merged$ };
    },
    { step: 'initialize', name: NAME, override: true },
  );
  return {
    injected: () => injected,
    remove: () => {
      client.middlewareStack.remove(NAME);
    },
  };
}
