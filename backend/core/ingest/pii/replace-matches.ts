import { REDACTED, type ScrubCounter } from './redacted';

/**
 * A detector's decision about one regex candidate: `false` (not personal data: the search
 * resumes one character later, so a shorter candidate starting inside this one is still
 * found), `true` (redact the whole match) or the `[start, end)` offsets inside the match to
 * redact, possibly negative for text a lookbehind captured (the search resumes at `end`).
 */
export type Verdict = boolean | readonly [start: number, end: number];

/**
 * Replaces every candidate of `pattern` that `judge` accepts by {@link REDACTED}.
 * Returns `text` itself, not a copy, when nothing was redacted.
 *
 * @param pattern - a global (`g`) regex; its `lastIndex` is reset here, so module-level
 *   patterns can be shared (the ingest is single-threaded and this never re-enters).
 *   Candidates must only start at token boundaries (a lookbehind) so that the retry after
 *   a rejected candidate cannot rescan a long run: that keeps every detector linear.
 * @param judge - decides about each candidate; omitted means every candidate is accepted
 */
export function replaceMatches(
  text: string,
  pattern: RegExp,
  counter: ScrubCounter,
  judge?: (match: RegExpExecArray) => Verdict,
): string {
  pattern.lastIndex = 0;
  let out = '';
  let copied = 0;
  let match = pattern.exec(text);
  while (match !== null) {
    const verdict = judge ? judge(match) : true;
    if (verdict === false) {
      pattern.lastIndex = match.index + 1;
    } else {
      // A span may reach before the match (a lookbehind-captured prefix), never into the
      // previous redaction.
      const start = Math.max(copied, verdict === true ? match.index : match.index + verdict[0]);
      const end = verdict === true ? match.index + match[0].length : match.index + verdict[1];
      out += text.slice(copied, start) + REDACTED;
      copied = end;
      counter.redactions++;
      // `end > match.index` for every detector (no empty candidates), so this always advances.
      pattern.lastIndex = end;
    }
    match = pattern.exec(text);
  }
  return out === '' ? text : out + text.slice(copied);
}
