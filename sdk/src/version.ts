/** The SDK's version, sent as `context.library.version`; a unit test keeps it equal to package.json. */
export const VERSION = '0.1.0';
