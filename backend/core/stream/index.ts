export * from './decode-lake-row';
export * from './decode-records';
export * from './process-records';
export * from './record-lines';
export * from './search-bulk';
export type * from './types';
