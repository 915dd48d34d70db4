import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, DEMO_WRITE_KEY, ingestConfigFor, loadLocalConfig } from './config';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadLocalConfig', () => {
  it('defaults to port 8080, .data and only the demo site from its own origin', () => {
    const config = loadLocalConfig({}, dir);
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(join(dir, '.data'));
    expect(ingestConfigFor(config, 8080).sites).toEqual([
      {
        writeKey: DEMO_WRITE_KEY,
        allowedOrigins: ['http://localhost:8080', 'http://127.0.0.1:8080'],
      },
    ]);
  });

  it('reads clickstream.config.json and lets environment variables win', async () => {
    await writeFile(
      join(dir, 'clickstream.config.json'),
      JSON.stringify({
        port: 9000,
        dataDir: 'lake-data',
        sites: [{ writeKey: 'file', allowedOrigins: ['*'] }],
      }),
    );
    const config = loadLocalConfig(
      {
        PORT: '9100',
        CLICKSTREAM_SITES: '[{"writeKey":"env","allowedOrigins":["https://a.example"]}]',
      },
      dir,
    );
    expect(config.port).toBe(9100);
    expect(config.dataDir).toBe(join(dir, 'lake-data'));
    expect(config.ingest.sites.map((s) => s.writeKey)).toEqual(['env']);
    expect(ingestConfigFor(config, 9100).sites.map((s) => s.writeKey)).toEqual([
      'env',
      DEMO_WRITE_KEY,
    ]);
  });

  it('names the key of a config file that has a typo or a wrong type', async () => {
    await writeFile(join(dir, 'clickstream.config.json'), JSON.stringify({ prot: 8080 }));
    expect(() => loadLocalConfig({}, dir)).toThrow(ConfigError);
    await writeFile(join(dir, 'clickstream.config.json'), JSON.stringify({ port: 'eighty' }));
    expect(() => loadLocalConfig({}, dir)).toThrow(/\/port/);
  });

  it('rejects a PORT that is not a port and a CLICKSTREAM_SITES that is not JSON', () => {
    expect(() => loadLocalConfig({ PORT: '80a' }, dir)).toThrow(/PORT/);
    expect(() => loadLocalConfig({ CLICKSTREAM_SITES: '[{' }, dir)).toThrow(/CLICKSTREAM_SITES/);
  });

  it('can leave the demo site out', async () => {
    await writeFile(join(dir, 'clickstream.config.json'), JSON.stringify({ demoSite: false }));
    expect(ingestConfigFor(loadLocalConfig({}, dir), 8080).sites).toEqual([]);
  });
});
