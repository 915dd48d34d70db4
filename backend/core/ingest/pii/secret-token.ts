import { Buffer } from 'node:buffer';
import type { ScrubCounter } from './redacted';
import { replaceMatches } from './replace-matches';

const B64URL = '[A-Za-z0-9_\\-]';
const GLUED = '[A-Za-z0-9_\\-]';

/**
 * Credentials with a recognisable shape, each as [literal prefix, rest].
 * @see https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns
 */
const SECRET = new RegExp(
  [
    // JWT / JWS (`{"` is `eyJ` in base64url), then the JWE form with five parts
    [`eyJ`, `${B64URL}{8,}\\.${B64URL}{8,}\\.${B64URL}*(?:\\.${B64URL}+\\.${B64URL}+)?`],
    // HTTP credentials: the scheme word stays, the credential is redacted (judge)
    ['[Bb]earer', String.raw`[ \t]+[A-Za-z0-9._~+/=\-]{8,}`],
    ['Basic', String.raw`[ \t]+[A-Za-z0-9+/]{8,}={0,2}`],
    // AWS access key id, Google API key
    ['A[KS]IA', '[A-Z0-9]{16}'],
    ['AIza', `${B64URL}{35}`],
    // Stripe secret/restricted keys and webhook secrets (publishable pk_ keys are public)
    ['[sr]k_(?:live|test)_', '[A-Za-z0-9]{16,}'],
    ['whsec_', '[A-Za-z0-9]{24,}'],
    // GitHub, GitLab, npm, Slack, SendGrid
    ['gh[pousr]_', '[A-Za-z0-9]{36,}'],
    ['github_pat_', '[A-Za-z0-9_]{40,}'],
    ['glpat-', `${B64URL}{20,}`],
    ['npm_', '[A-Za-z0-9]{36}'],
    ['xox[abprs]-', '[A-Za-z0-9\\-]{10,}'],
    ['SG\\.', `${B64URL}{22}\\.${B64URL}{43}`],
    // OpenAI / Anthropic style (`sk-proj-…`, `sk-ant-…`); see the judge
    ['sk-', `${B64URL}{20,}`],
    // PEM private keys, up to the END line or, when truncated, the end of the string
    [
      '-----BEGIN',
      '[A-Z ]{0,20} PRIVATE KEY-----(?:[^\\-]|-(?!----END))*(?:-----END[A-Z ]{0,20} PRIVATE KEY-----)?',
    ],
  ]
    // The literal comes first so the engine can skip most positions on its first
    // character; the boundary check (not glued to a longer token) follows it.
    .map(([literal, rest]) => `${literal}(?<!${GLUED}${literal})${rest}`)
    .join('|')
    .replace(/^/, '(?:')
    .concat(`)(?!${GLUED})`),
  'g',
);

const SCHEME = /^(?:[Bb]earer|Basic)[ \t]+/;
const DIGIT = /\d/;
const MIXED_CASE_AND_DIGIT = /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])/;
const BASIC_CREDENTIALS = /^[^:\s]*:/;

/**
 * Redacts bearer tokens, JWTs, Basic credentials, PEM private keys and well-known API key
 * shapes. Ordinary words after "Bearer"/"Basic" ("the bearer instrument", "Basic plan")
 * are not tokens: a bearer token needs a digit or symbol (or 24+ characters), Basic
 * credentials must decode to `user:password`.
 */
export function redactSecretTokens(text: string, counter: ScrubCounter): string {
  return replaceMatches(text, SECRET, counter, (m) => {
    const match = m[0];
    const scheme = SCHEME.exec(match);
    if (scheme !== null) {
      const credential = match.slice(scheme[0].length);
      const plausible =
        match[0] === 'B' && match[1] === 'a'
          ? BASIC_CREDENTIALS.test(Buffer.from(credential, 'base64').toString('latin1'))
          : credential.length >= 24 || DIGIT.test(credential) || /[._~+/=-]/.test(credential);
      return plausible ? [scheme[0].length, match.length] : false;
    }
    // `sk-` also starts slugs (`sk-ii-facial-treatment-essence-230ml`): a key is random.
    if (match.startsWith('sk-')) return MIXED_CASE_AND_DIGIT.test(match);
    return true;
  });
}
