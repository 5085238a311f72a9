/**
 * o200k's BPE merges each regex piece in time quadratic in its length, and one piece can be a whole
 * run of letters, punctuation or whitespace (150,000 × `a` took 35 s). Runs longer than this are
 * counted in slices of this size: the count moves by a token or two per slice, the time becomes linear.
 */
export const MAX_RUN = 128;
/** Text between long runs is counted in slices of about this size, so a count can yield between them. */
export const SLICE_CHARS = 16_384;

// The piece classes of the o200k split that have no length limit (numbers stop at three digits).
const LONG_RUN = new RegExp(
  `[\\p{L}\\p{M}]{${MAX_RUN},}|[^\\s\\p{L}\\p{N}]{${MAX_RUN},}|\\s{${MAX_RUN},}`,
  'gu',
);

// How far past SLICE_CHARS a cut looks for a word boundary before cutting where it is.
const BOUNDARY_SEARCH = 1_024;

/**
 * Cuts ordinary text near `SLICE_CHARS`, just before whitespace that follows a non-space (where a
 * piece ends anyway), or anywhere when there is no such place nearby.
 */
function* ordinarySlices(text: string): Generator<string> {
  let start = 0;
  while (text.length - start > SLICE_CHARS) {
    let cut = start + SLICE_CHARS;
    const limit = Math.min(text.length, cut + BOUNDARY_SEARCH);
    while (cut < limit && !(/\s/.test(text[cut]!) && !/\s/.test(text[cut - 1]!))) cut++;
    yield text.slice(start, cut);
    start = cut;
  }
  if (start < text.length) yield text.slice(start);
}

/** The text in slices whose token counts add up to (about) the whole's, each cheap to count. */
export function* textSlices(text: string): Generator<string> {
  let start = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    yield* ordinarySlices(text.slice(start, run.index));
    for (let at = 0; at < run[0].length; at += MAX_RUN) yield run[0].slice(at, at + MAX_RUN);
    start = run.index + run[0].length;
  }
  yield* ordinarySlices(text.slice(start));
}
