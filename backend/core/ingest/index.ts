export { handleIngest } from './handle-ingest';
export type * from './types';
