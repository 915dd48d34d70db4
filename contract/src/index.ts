export * from './event-contract';
export * from './lake-columns';
export * from './search-mapping';
export * from './sensitive-names';
