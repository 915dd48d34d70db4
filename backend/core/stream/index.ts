export * from './decode-lake-row';
export * from './group-by-partition';
export * from './process-records';
export * from './record-lines';
export * from './search-bulk';
export type * from './types';
