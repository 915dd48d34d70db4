export { REDACTED, type ScrubCounter } from './redacted';
export { scrubJson } from './scrub-json';
export { scrubText } from './scrub-text';
export { scrubUrl } from './scrub-url';
