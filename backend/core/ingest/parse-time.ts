/**
 * `Date.parse(time)`, quicker for the form the SDK sends (`2026-11-25T10:00:00.000Z`, what
 * `toISOString()` writes): every event's `timestamp` is parsed when it is validated and again when
 * its time is corrected, and `Date.parse` costs ~150 ns where reading the digits costs ~20.
 *
 * Only fields where `Date.UTC` and `Date.parse` are known to agree take the quick path (years
 * 1000–9999, days up to 28: `Date.UTC` maps years 0–99 to 1900–1999); anything else, and every
 * other form, goes to `Date.parse` itself, with one difference: a day the month does not have
 * (`2026-02-30`, `2026-04-31`) is `NaN`. V8's `Date.parse` rolls it over into the next month,
 * so an event would have been stored on a day nobody sent (RFC 3339 §5.7 bounds the day by the
 * month and year).
 *
 * @param time - a date-time string
 * @returns milliseconds since the epoch, or `NaN` when it does not parse or names no real day
 * @example parseTime('2026-11-25T10:00:00.000Z') // 1795600800000
 * @example parseTime('2026-02-30T10:00:00.000Z') // NaN
 */
export function parseTime(time: string): number {
  if (
    time.length !== 24 ||
    time.charCodeAt(23) !== 90 /* Z */ ||
    time.charCodeAt(4) !== 45 /* - */ ||
    time.charCodeAt(7) !== 45 ||
    time.charCodeAt(10) !== 84 /* T */ ||
    time.charCodeAt(13) !== 58 /* : */ ||
    time.charCodeAt(16) !== 58 ||
    time.charCodeAt(19) !== 46 /* . */
  ) {
    return parseChecked(time);
  }
  const year = digits(time, 0, 4);
  const month = digits(time, 5, 2);
  const day = digits(time, 8, 2);
  const hour = digits(time, 11, 2);
  const minute = digits(time, 14, 2);
  const second = digits(time, 17, 2);
  const ms = digits(time, 20, 3);
  // `digits` gives -1 for a non-digit, which fails these ranges too.
  if (
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0
  ) {
    return parseChecked(time);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** `Date.parse`, but `NaN` for a `YYYY-MM-DD` day past the end of its month. */
function parseChecked(time: string): number {
  const day = digits(time, 8, 2);
  if (day > 28 && time.charCodeAt(4) === 45 && time.charCodeAt(7) === 45) {
    const year = digits(time, 0, 4);
    const month = digits(time, 5, 2);
    // Day 0 of the next month is the last of this one; the year is moved into 2000–2399 (the
    // Gregorian calendar repeats every 400 years) because `Date.UTC` reads 0–99 as 1900–1999.
    if (year >= 0 && day > new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate()) {
      return Number.NaN;
    }
  }
  return Date.parse(time);
}

/** The decimal number in `text[start, start + length)`, or -1 when a character is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
