import { describe, expect, it } from 'vitest';
import { LOOK_ALIKES, PII_SAMPLES, SENTENCES, SLOT } from './pii-corpus.fixtures';
import { REDACTED, type ScrubCounter } from './redacted';
import { scrubText } from './scrub-text';

const scrub = (text: string) => {
  const counter: ScrubCounter = { redactions: 0 };
  return { text: scrubText(text, counter), redactions: counter.redactions };
};

describe('scrubText on the PII corpus', () => {
  it.each(PII_SAMPLES)(
    'redacts the $kind $value ($note) in every sentence, keeping the rest',
    ({ value, scrubbed = REDACTED }) => {
      const got = SENTENCES.map((sentence) => scrub(sentence.replace(SLOT, value)));
      const want = SENTENCES.map((sentence) => ({
        text: sentence.replace(SLOT, scrubbed),
        redactions: 1,
      }));
      expect(got).toEqual(want);
    },
  );

  it.each(LOOK_ALIKES)('leaves the $note $value unchanged in every sentence', ({ value }) => {
    for (const sentence of SENTENCES) {
      const text = sentence.replace(SLOT, value);
      const counter: ScrubCounter = { redactions: 0 };
      const out = scrubText(text, counter);
      expect(out).toBe(text);
      // Same reference: nothing is allocated for a clean string.
      expect(Object.is(out, text)).toBe(true);
      expect(counter.redactions).toBe(0);
    }
  });
});

describe('scrubText', () => {
  it('redacts several kinds of PII in one string and counts each', () => {
    expect(
      scrub(
        'Customer jane.doe@example.com (+49 30 12345678) paid with 4111 1111 1111 1111 from 203.0.113.77',
      ),
    ).toEqual({
      text: `Customer ${REDACTED} (${REDACTED}) paid with ${REDACTED} from ${REDACTED}`,
      redactions: 4,
    });
  });

  it('redacts two addresses side by side', () => {
    expect(scrub('a@example.com,b@example.com')).toEqual({
      text: `${REDACTED},${REDACTED}`,
      redactions: 2,
    });
  });

  it('keeps the port after an IPv4 address and the zone after an IPv6 one', () => {
    expect(scrub('203.0.113.77:8080 fe80::1%eth0').text).toBe(`${REDACTED}:8080 ${REDACTED}%eth0`);
  });

  it('redacts the card, not the digits after it, in a longer grouped run', () => {
    expect(scrub('4111-1111-1111-1111-2222').text).toBe(`${REDACTED}-2222`);
    expect(scrub('qty 2 4111 1111 1111 1111').text).toBe(`qty 2 ${REDACTED}`);
  });

  it('cuts an IBAN at its country length when words follow', () => {
    expect(scrub('IBAN DE89 3704 0044 0532 0130 00 bitte überweisen').text).toBe(
      `IBAN ${REDACTED} bitte überweisen`,
    );
  });

  it('rejects an IBAN with a wrong checksum and one glued to more characters', () => {
    expect(scrub('DE89370400440532013001').redactions).toBe(0);
    expect(scrub('DE8937040044053201300099').redactions).toBe(0);
  });

  it('keeps punctuation around an address', () => {
    expect(scrub("'jane@example.com'").text).toBe(`'${REDACTED}'`);
    expect(scrub('mailto:jane@example.com?subject=hi').text).toBe(`mailto:${REDACTED}?subject=hi`);
  });

  it('redacts secrets in URL query values, userinfo and free text', () => {
    expect(scrub('see https://x.example/?password=hunter2 now').text).toBe(
      `see https://x.example/?password=${REDACTED} now`,
    );
    expect(scrub('https://john:s3cret@example.com/path').text).toBe(
      `https://${REDACTED}@example.com/path`,
    );
  });

  it('redacts a PEM private key, even a truncated one', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    expect(scrub(`key: ${pem} (rotated)`).text).toBe(`key: ${REDACTED} (rotated)`);
    expect(scrub('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF').text).toBe(REDACTED);
  });

  it('does not redact the marker again', () => {
    expect(scrub(`${REDACTED} ${REDACTED}`)).toEqual({
      text: `${REDACTED} ${REDACTED}`,
      redactions: 0,
    });
  });

  it('returns short and empty strings as they are', () => {
    for (const text of ['', 'USD', 'de', '12345'])
      expect(scrub(text)).toEqual({ text, redactions: 0 });
  });
});

describe('scrubText with a request memo', () => {
  it('gives every corpus string the same result and count as without, also when seen again', () => {
    const texts = [
      ...PII_SAMPLES.flatMap(({ value }) => SENTENCES.map((s) => s.replace(SLOT, value))),
      ...LOOK_ALIKES.flatMap(({ value }) => SENTENCES.map((s) => s.replace(SLOT, value))),
    ];
    const memo: ScrubCounter = { redactions: 0, memo: new Map() };
    const plain: ScrubCounter = { redactions: 0 };
    for (const round of [1, 2]) {
      for (const text of texts) {
        // A fresh copy, as JSON.parse gives each event its own strings.
        const copy = ` ${text}`.slice(1);
        expect(scrubText(copy, memo), `round ${round}: ${text}`).toBe(scrubText(text, plain));
      }
      expect(memo.redactions).toBe(plain.redactions);
    }
    expect(memo.memo?.size).toBeLessThanOrEqual(texts.length);
  });

  it('scans a repeated string once and counts its redactions every time', () => {
    const counter: ScrubCounter = { redactions: 0, memo: new Map() };
    const text = 'mail jane.doe@example.com or call +49 30 12345678';
    const results = [1, 2, 3].map(() => scrubText(text, counter));
    expect(results).toEqual(Array(3).fill(`mail ${REDACTED} or call ${REDACTED}`));
    expect(counter.redactions).toBe(6);
    expect([...(counter.memo?.keys() ?? [])]).toEqual([text]);
  });
});
