import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { IngestConfig, SiteConfig } from '../core/ingest/types';

/** The write key of the demo site; accepted from the local runtime's own origin. */
export const DEMO_WRITE_KEY = 'wk_local_demo';

const SiteSchema = Type.Object(
  {
    writeKey: Type.String({ minLength: 1, maxLength: 256 }),
    allowedOrigins: Type.Array(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
const SitesSchema = Type.Array(SiteSchema);

/**
 * `clickstream.config.json`: every field optional; environment variables win over it.
 * Unknown keys are an error, so a typo does not silently fall back to a default.
 */
export const ConfigFileSchema = Type.Object(
  {
    /** Port of everything (ingest API, demo site, SDK). @default 8080 */
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** Data folder, relative to the working directory. @default ".data" */
    dataDir: Type.Optional(Type.String({ minLength: 1 })),
    /** Sites allowed to send, in addition to the demo site. @default [] */
    sites: Type.Optional(SitesSchema),
    /** @default true */
    acceptWithoutConsent: Type.Optional(Type.Boolean()),
    /** @default true */
    honorGlobalPrivacyControl: Type.Optional(Type.Boolean()),
    /** @default 5000 */
    skewDeadBandMs: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Accept the demo write key from `http://localhost:<port>` and `http://127.0.0.1:<port>`. @default true */
    demoSite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ConfigFile = Static<typeof ConfigFileSchema>;

export interface LocalConfig {
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  /** The file that was read, if any. */
  readonly configFile: string | undefined;
  /** Everything of the core's config except the demo site, whose origins need the port. */
  readonly ingest: IngestConfig;
  readonly demoSite: boolean;
}

/** A configuration problem, reported before anything starts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads the local runtime's configuration: environment variables, then
 * `clickstream.config.json` (or the file `CLICKSTREAM_CONFIG` names), then defaults.
 *
 * | variable | file key | default |
 * |---|---|---|
 * | `PORT` | `port` | 8080 |
 * | `CLICKSTREAM_DATA_DIR` | `dataDir` | `.data` |
 * | `CLICKSTREAM_SITES` (JSON array of `{writeKey, allowedOrigins}`) | `sites` | none besides the demo site |
 *
 * @param env - the environment. @default process.env
 * @param cwd - where relative paths and the default config file are resolved. @default process.cwd()
 * @returns the validated configuration.
 * @throws ConfigError naming the variable or key that is wrong.
 * @example const config = loadLocalConfig();
 * @see docs/local.md
 */
export function loadLocalConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): LocalConfig {
  const explicit = env.CLICKSTREAM_CONFIG;
  const configFile = explicit ? resolve(cwd, explicit) : join(cwd, 'clickstream.config.json');
  let file: ConfigFile = {};
  if (existsSync(configFile)) {
    file = parse(ConfigFileSchema, readFileSync(configFile, 'utf8'), configFile);
  } else if (explicit) {
    throw new ConfigError(`CLICKSTREAM_CONFIG names ${configFile}, which does not exist`);
  }
  const port =
    env.PORT !== undefined && env.PORT !== '' ? parsePort(env.PORT) : (file.port ?? 8080);
  const sites: SiteConfig[] = env.CLICKSTREAM_SITES
    ? parse(SitesSchema, env.CLICKSTREAM_SITES, 'CLICKSTREAM_SITES')
    : (file.sites ?? []);
  return {
    port,
    dataDir: resolve(cwd, env.CLICKSTREAM_DATA_DIR || file.dataDir || '.data'),
    configFile: existsSync(configFile) ? configFile : undefined,
    demoSite: file.demoSite ?? true,
    ingest: {
      sites,
      ...(file.acceptWithoutConsent !== undefined
        ? { acceptWithoutConsent: file.acceptWithoutConsent }
        : {}),
      ...(file.honorGlobalPrivacyControl !== undefined
        ? { honorGlobalPrivacyControl: file.honorGlobalPrivacyControl }
        : {}),
      ...(file.skewDeadBandMs !== undefined ? { skewDeadBandMs: file.skewDeadBandMs } : {}),
    },
  };
}

/**
 * The core's config for a runtime listening on `port`: the configured sites plus, unless
 * disabled, the demo site, whose origins are the runtime's own (a page served by it).
 *
 * @param config - from `loadLocalConfig`.
 * @param port - the port actually listened on.
 * @returns the config to hand to `handleIngest`.
 * @example const ingestConfig = ingestConfigFor(config, server.port);
 */
export function ingestConfigFor(config: LocalConfig, port: number): IngestConfig {
  const demo = config.demoSite && !config.ingest.sites.some((s) => s.writeKey === DEMO_WRITE_KEY);
  if (!demo) return config.ingest;
  return {
    ...config.ingest,
    sites: [
      ...config.ingest.sites,
      {
        writeKey: DEMO_WRITE_KEY,
        allowedOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
      },
    ],
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

function parse<T extends import('@sinclair/typebox').TSchema>(
  schema: T,
  text: string,
  source: string,
): Static<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const error = Value.Errors(schema, value).First();
  if (error) {
    throw new ConfigError(`${source}: ${error.path || '(root)'} ${error.message}`);
  }
  return value as Static<T>;
}

/**
 * `loadLocalConfig()` for a command-line entry point: a configuration problem is printed as one
 * line prefixed with the command's name, and the process exits with status 2.
 *
 * @param command - the name to print, e.g. `replay`
 * @example const config = loadLocalConfigOrExit('clickstream');
 */
export function loadLocalConfigOrExit(command: string): LocalConfig {
  try {
    return loadLocalConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${command}: ${err.message}`);
    process.exit(2);
  }
}
