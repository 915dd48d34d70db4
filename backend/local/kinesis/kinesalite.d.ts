/**
 * kinesalite 3.3.3 ships no types. Only the factory options this runtime uses are declared.
 * @see https://github.com/mhart/kinesalite#usage
 */
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface KinesaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    /** Time a stream stays CREATING, ms. @default 500 */
    createStreamMs?: number;
    /** @default 500 */
    deleteStreamMs?: number;
    /** @default 500 */
    updateStreamMs?: number;
    /** @default 10 */
    shardLimit?: number;
    /** Serve HTTPS with the bundled certificate (expired; do not use). @default false */
    ssl?: boolean;
  }

  /** An `http.Server` whose `close` also closes the LevelDB store. */
  export default function kinesalite(options?: KinesaliteOptions): Server;
}
