import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The local runtime the e2e suite runs against: a free port and a fresh data folder, chosen
 * once by the Playwright runner and handed to its workers through the environment (workers
 * load the config again; without this each would pick a different port).
 */
export interface E2eRuntime {
  /** `http://127.0.0.1:<port>`: the demo site's origin, allowed with the demo write key. */
  readonly url: string;
  readonly port: number;
  /** `CLICKSTREAM_DATA_DIR` of the runtime: the lake the assertions read. */
  readonly dataDir: string;
}

const freePort = (): number =>
  Number(
    execFileSync(process.execPath, [
      '-e',
      "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
    ]).toString(),
  );

process.env.CLICKSTREAM_E2E_PORT ??= String(freePort());
process.env.CLICKSTREAM_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'clickstream-e2e-'));

const port = Number(process.env.CLICKSTREAM_E2E_PORT);

export const e2eRuntime: E2eRuntime = {
  url: `http://127.0.0.1:${port}`,
  port,
  dataDir: process.env.CLICKSTREAM_E2E_DATA_DIR,
};
