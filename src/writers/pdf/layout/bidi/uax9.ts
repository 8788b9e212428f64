/**
 * UAX #9 embedding levels (rules P1–I2 and L1 at paragraph ends): bidi-js 1.1's
 * `getEmbeddingLevels` (MIT, © 2021 Jason Johnston, https://github.com/lojjic/bidi-js), ported
 * step for step with the same results, in linear time. bidi-js still supplies the character data
 * (bidi classes, paired brackets). bidi-js takes time quadratic in the length of a paragraph in four
 * places, which a hostile brief reaches within the size limit (a paragraph of "1 1 1 …", of Latin
 * words in Arabic, of tabs in inline code, of nested FSI):
 * - X10: the level run after an isolate's PDI was searched from the sequence's first run
 *   (O(isolates²) for the paragraph's own sequence, which spans every isolate); here a map;
 * - W2: each European number searched back to the last strong character; here one forward pass,
 *   as bidi-js already does W7;
 * - L1: each segment separator (tab) searched back over the whitespace before it, itself included;
 *   here the start of each whitespace run is known and each part of it is set once;
 * - P2/P3 for FSI (X5c): a nested isolate was skipped by searching for its PDI; here every
 *   isolate initiator's matching PDI (BD9) is found once, with a stack.
 * Levels are per UTF-16 code unit, as in bidi-js.
 *
 * bidi-js's licence, for the ported code:
 *
 * Copyright (c) 2021 Jason Johnston
 *
 * MIT License
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software
 * and associated documentation files (the "Software"), to deal in the Software without
 * restriction, including without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
 * Software is furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or
 * substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
 * BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
 * NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
 * DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** bidi-js's bit for a character's bidi class. */
const typeOf = (ch: string): number => bidi.getBidiCharType(ch);

/** bidi-js's class bits, read from one character of each class (bidi-js does not export them). */
function classBit(name: string, sample: string): number {
  if (bidi.getBidiCharTypeName(sample) !== name) throw new Error(`sahifa: bidi-js gives U+${sample.codePointAt(0)!.toString(16)} the class ${bidi.getBidiCharTypeName(sample)}, not ${name}`);
  return typeOf(sample);
}
const TYPE_L = classBit('L', 'a');
const TYPE_R = classBit('R', '\u05d0');
const TYPE_AL = classBit('AL', '\u0628');
const TYPE_EN = classBit('EN', '1');
const TYPE_ES = classBit('ES', '+');
const TYPE_ET = classBit('ET', '$');
const TYPE_AN = classBit('AN', '\u0660');
const TYPE_CS = classBit('CS', ',');
const TYPE_NSM = classBit('NSM', '\u0300');
const TYPE_BN = classBit('BN', '\u200d');
const TYPE_B = classBit('B', '\n');
const TYPE_S = classBit('S', '\t');
const TYPE_WS = classBit('WS', ' ');
const TYPE_ON = classBit('ON', '!');
const TYPE_LRE = classBit('LRE', '\u202a');
const TYPE_RLE = classBit('RLE', '\u202b');
const TYPE_PDF = classBit('PDF', '\u202c');
const TYPE_LRO = classBit('LRO', '\u202d');
const TYPE_RLO = classBit('RLO', '\u202e');
const TYPE_LRI = classBit('LRI', '\u2066');
const TYPE_RLI = classBit('RLI', '\u2067');
const TYPE_FSI = classBit('FSI', '\u2068');
const TYPE_PDI = classBit('PDI', '\u2069');

const ISOLATE_INIT_TYPES = TYPE_LRI | TYPE_RLI | TYPE_FSI;
const STRONG_TYPES = TYPE_L | TYPE_R | TYPE_AL;
const NEUTRAL_ISOLATE_TYPES = TYPE_B | TYPE_S | TYPE_WS | TYPE_ON | TYPE_FSI | TYPE_LRI | TYPE_RLI | TYPE_PDI;
const BN_LIKE_TYPES = TYPE_BN | TYPE_RLE | TYPE_LRE | TYPE_RLO | TYPE_LRO | TYPE_PDF;
const TRAILING_TYPES = TYPE_S | TYPE_WS | TYPE_B | ISOLATE_INIT_TYPES | TYPE_PDI | BN_LIKE_TYPES;

/** The result of {@link embeddingLevels}, as bidi-js's `getEmbeddingLevels` returns it. */
export interface EmbeddingLevels {
  /** Resolved level per UTF-16 code unit. */
  readonly levels: Uint8Array;
  /** Each paragraph's first and last index and its level. */
  readonly paragraphs: { start: number; end: number; level: number }[];
}

interface LevelRun {
  _start: number;
  _end: number;
  _level: number;
  _startsWithPDI: boolean;
  _endsWithIsolInit: number;
}
interface StatusEntry {
  _level: number;
  _override: number;
  _isolate: number;
  _isolInitIndex?: number;
}

/**
 * The embedding level of every code unit of `string` (bidi-js's `getEmbeddingLevels`).
 *
 * @param baseDirection the paragraph direction; omitted, rules P2–P3 choose it per paragraph
 */
export function embeddingLevels(string: string, baseDirection?: 'ltr' | 'rtl'): EmbeddingLevels {
  const MAX_DEPTH = 125;

  // Start by mapping all characters to their unicode type, as a bitmask integer
  const charTypes = new Uint32Array(string.length);
  for (let i = 0; i < string.length; i++) charTypes[i] = typeOf(string[i]!);

  // characters per type in the current paragraph: one slot per type bit, and one for the neutral
  // and isolate types together (a typed array: a Map here cost a fifth of the whole algorithm)
  const charTypeCounts = new Int32Array(33);
  const NEUTRAL_ISOLATE_SLOT = 32;
  const slot = (type: number): number => 31 - Math.clz32(type);
  function changeCharType(i: number, type: number): void {
    const oldType = charTypes[i]!;
    charTypes[i] = type;
    charTypeCounts[slot(oldType)]!--;
    if (oldType & NEUTRAL_ISOLATE_TYPES) charTypeCounts[NEUTRAL_ISOLATE_SLOT]!--;
    charTypeCounts[slot(type)]!++;
    if (type & NEUTRAL_ISOLATE_TYPES) charTypeCounts[NEUTRAL_ISOLATE_SLOT]!++;
  }

  const embedLevels = new Uint8Array(string.length);
  const isolationPairs = new Map<number, number>(); //init->pdi and pdi->init

  // (linear) BD9: the matching PDI of every isolate initiator, -1 when none; a paragraph
  // separator closes every open isolate
  const matchingPDI = new Int32Array(string.length).fill(-1);
  {
    const open: number[] = [];
    for (let i = 0; i < string.length; i++) {
      const charType = charTypes[i]!;
      if (charType & TYPE_B) open.length = 0;
      else if (charType & TYPE_PDI) {
        if (open.length > 0) matchingPDI[open.pop()!] = i;
      } else if (charType & ISOLATE_INIT_TYPES) open.push(i);
    }
  }

  // === 3.3.1 The Paragraph Level ===
  // 3.3.1 P1: Split the text into paragraphs
  const paragraphs: { start: number; end: number; level: number }[] = []; // [{start, end, level}, ...]
  let paragraph: { start: number; end: number; level: number } | null = null;
  for (let i = 0; i < string.length; i++) {
    if (!paragraph) {
      paragraphs.push(
        (paragraph = {
          start: i,
          end: string.length - 1,
          // 3.3.1 P2-P3: Determine the paragraph level
          level: baseDirection === 'rtl' ? 1 : baseDirection === 'ltr' ? 0 : determineAutoEmbedLevel(i, false),
        }),
      );
    }
    if (charTypes[i]! & TYPE_B) {
      paragraph.end = i;
      paragraph = null;
    }
  }

  const FORMATTING_TYPES = TYPE_RLE | TYPE_LRE | TYPE_RLO | TYPE_LRO | ISOLATE_INIT_TYPES | TYPE_PDI | TYPE_PDF | TYPE_B;
  const nextEven = (n: number): number => n + (n & 1 ? 1 : 2);
  const nextOdd = (n: number): number => n + (n & 1 ? 2 : 1);

  // (linear) L1: the start of the run of whitespace and isolate or format characters (original
  // classes) that ends at each index; index + 1 when the character is not one
  const trailingFrom = new Int32Array(string.length);
  for (let i = 0; i < string.length; i++) {
    trailingFrom[i] = typeOf(string[i]!) & TRAILING_TYPES ? (i > 0 && trailingFrom[i - 1]! < i ? trailingFrom[i - 1]! : i) : i + 1;
  }
  // the part of such a run already reset, and to which level
  let resetFrom = -1;
  let resetTo = -1;
  let resetLevel = -1;

  // Everything from here on will operate per paragraph.
  for (let paraIdx = 0; paraIdx < paragraphs.length; paraIdx++) {
    paragraph = paragraphs[paraIdx]!;
    const statusStack: StatusEntry[] = [
      {
        _level: paragraph.level,
        _override: 0, //0=neutral, 1=L, 2=R
        _isolate: 0, //bool
      },
    ];
    let stackTop: StatusEntry;
    let overflowIsolateCount = 0;
    let overflowEmbeddingCount = 0;
    let validIsolateCount = 0;
    charTypeCounts.fill(0);

    // === 3.3.2 Explicit Levels and Directions ===
    for (let i = paragraph.start; i <= paragraph.end; i++) {
      let charType = charTypes[i]!;
      stackTop = statusStack[statusStack.length - 1]!;

      // Set initial counts
      charTypeCounts[slot(charType)]!++;
      if (charType & NEUTRAL_ISOLATE_TYPES) charTypeCounts[NEUTRAL_ISOLATE_SLOT]!++;

      // Explicit Embeddings: 3.3.2 X2 - X3
      if (charType & FORMATTING_TYPES) {
        //prefilter all formatters
        if (charType & (TYPE_RLE | TYPE_LRE)) {
          embedLevels[i] = stackTop._level; // 5.2
          const level = (charType === TYPE_RLE ? nextOdd : nextEven)(stackTop._level);
          if (level <= MAX_DEPTH && !overflowIsolateCount && !overflowEmbeddingCount) {
            statusStack.push({ _level: level, _override: 0, _isolate: 0 });
          } else if (!overflowIsolateCount) {
            overflowEmbeddingCount++;
          }
        }

        // Explicit Overrides: 3.3.2 X4 - X5
        else if (charType & (TYPE_RLO | TYPE_LRO)) {
          embedLevels[i] = stackTop._level; // 5.2
          const level = (charType === TYPE_RLO ? nextOdd : nextEven)(stackTop._level);
          if (level <= MAX_DEPTH && !overflowIsolateCount && !overflowEmbeddingCount) {
            statusStack.push({ _level: level, _override: charType & TYPE_RLO ? TYPE_R : TYPE_L, _isolate: 0 });
          } else if (!overflowIsolateCount) {
            overflowEmbeddingCount++;
          }
        }

        // Isolates: 3.3.2 X5a - X5c
        else if (charType & ISOLATE_INIT_TYPES) {
          // X5c - FSI becomes either RLI or LRI
          if (charType & TYPE_FSI) charType = determineAutoEmbedLevel(i + 1, true) === 1 ? TYPE_RLI : TYPE_LRI;

          embedLevels[i] = stackTop._level;
          if (stackTop._override) changeCharType(i, stackTop._override);
          const level = (charType === TYPE_RLI ? nextOdd : nextEven)(stackTop._level);
          if (level <= MAX_DEPTH && overflowIsolateCount === 0 && overflowEmbeddingCount === 0) {
            validIsolateCount++;
            statusStack.push({ _level: level, _override: 0, _isolate: 1, _isolInitIndex: i });
          } else {
            overflowIsolateCount++;
          }
        }

        // Terminating Isolates: 3.3.2 X6a
        else if (charType & TYPE_PDI) {
          if (overflowIsolateCount > 0) {
            overflowIsolateCount--;
          } else if (validIsolateCount > 0) {
            overflowEmbeddingCount = 0;
            while (!statusStack[statusStack.length - 1]!._isolate) statusStack.pop();
            // Add to isolation pairs bidirectional mapping:
            const isolInitIndex = statusStack[statusStack.length - 1]!._isolInitIndex;
            if (isolInitIndex != null) {
              isolationPairs.set(isolInitIndex, i);
              isolationPairs.set(i, isolInitIndex);
            }
            statusStack.pop();
            validIsolateCount--;
          }
          stackTop = statusStack[statusStack.length - 1]!;
          embedLevels[i] = stackTop._level;
          if (stackTop._override) changeCharType(i, stackTop._override);
        }

        // Terminating Embeddings and Overrides: 3.3.2 X7
        else if (charType & TYPE_PDF) {
          if (overflowIsolateCount === 0) {
            if (overflowEmbeddingCount > 0) {
              overflowEmbeddingCount--;
            } else if (!stackTop._isolate && statusStack.length > 1) {
              statusStack.pop();
              stackTop = statusStack[statusStack.length - 1]!;
            }
          }
          embedLevels[i] = stackTop._level; // 5.2
        }

        // End of Paragraph: 3.3.2 X8
        else if (charType & TYPE_B) {
          embedLevels[i] = paragraph.level;
        }
      }

      // Non-formatting characters: 3.3.2 X6
      else {
        embedLevels[i] = stackTop._level;
        // NOTE: This exclusion of BN seems to go against what section 5.2 says, but is required for test passage
        if (stackTop._override && charType !== TYPE_BN) changeCharType(i, stackTop._override);
      }
    }

    // === 3.3.3 Preparations for Implicit Processing ===

    // Remove all RLE, LRE, RLO, LRO, PDF, and BN characters: 3.3.3 X9
    // Note: Due to section 5.2, we won't remove them, but we'll use the BN_LIKE_TYPES bitset to
    // easily ignore them all from here on out.

    // 3.3.3 X10
    // Compute the set of isolating run sequences as specified by BD13
    const levelRuns: LevelRun[] = [];
    let currentRun: LevelRun | null = null;
    for (let i = paragraph.start; i <= paragraph.end; i++) {
      const charType = charTypes[i]!;
      if (!(charType & BN_LIKE_TYPES)) {
        const lvl = embedLevels[i]!;
        const isIsolInit = charType & ISOLATE_INIT_TYPES;
        const isPDI = charType === TYPE_PDI;
        if (currentRun && lvl === currentRun._level) {
          currentRun._end = i;
          currentRun._endsWithIsolInit = isIsolInit;
        } else {
          levelRuns.push((currentRun = { _start: i, _end: i, _level: lvl, _startsWithPDI: isPDI, _endsWithIsolInit: isIsolInit }));
        }
      }
    }
    // (linear) the level run starting at each index
    const runStartingAt = new Map<number, number>();
    for (let runIdx = 0; runIdx < levelRuns.length; runIdx++) runStartingAt.set(levelRuns[runIdx]!._start, runIdx);
    const isolatingRunSeqs: { _seqIndices: number[]; _sosType: number; _eosType: number }[] = [];
    for (let runIdx = 0; runIdx < levelRuns.length; runIdx++) {
      const run = levelRuns[runIdx]!;
      if (!run._startsWithPDI || (run._startsWithPDI && !isolationPairs.has(run._start))) {
        const seqRuns = [(currentRun = run)];
        for (let pdiIndex: number | undefined; currentRun && currentRun._endsWithIsolInit && (pdiIndex = isolationPairs.get(currentRun._end)) != null; ) {
          const next = runStartingAt.get(pdiIndex);
          if (next === undefined || next <= runIdx) break; // (bidi-js would loop forever)
          seqRuns.push((currentRun = levelRuns[next]!));
        }
        // build flat list of indices across all runs:
        const seqIndices: number[] = [];
        for (const seqRun of seqRuns) {
          for (let j = seqRun._start; j <= seqRun._end; j++) seqIndices.push(j);
        }
        // determine the sos/eos types:
        const firstLevel = embedLevels[seqIndices[0]!]!;
        let prevLevel = paragraph.level;
        for (let i = seqIndices[0]! - 1; i >= 0; i--) {
          if (!(charTypes[i]! & BN_LIKE_TYPES)) {
            //5.2
            prevLevel = embedLevels[i]!;
            break;
          }
        }
        const lastIndex = seqIndices[seqIndices.length - 1]!;
        const lastLevel = embedLevels[lastIndex]!;
        let nextLevel = paragraph.level;
        if (!(charTypes[lastIndex]! & ISOLATE_INIT_TYPES)) {
          for (let i = lastIndex + 1; i <= paragraph.end; i++) {
            if (!(charTypes[i]! & BN_LIKE_TYPES)) {
              //5.2
              nextLevel = embedLevels[i]!;
              break;
            }
          }
        }
        isolatingRunSeqs.push({
          _seqIndices: seqIndices,
          _sosType: Math.max(prevLevel, firstLevel) % 2 ? TYPE_R : TYPE_L,
          _eosType: Math.max(nextLevel, lastLevel) % 2 ? TYPE_R : TYPE_L,
        });
      }
    }

    // The next steps are done per isolating run sequence
    for (const { _seqIndices: seqIndices, _sosType: sosType, _eosType: eosType } of isolatingRunSeqs) {
      // All the level runs in an isolating run sequence have the same embedding level.
      // DO NOT change any `embedLevels[i]` within the current scope.
      const embedDirection = embedLevels[seqIndices[0]!]! & 1 ? TYPE_R : TYPE_L;

      // === 3.3.4 Resolving Weak Types ===

      // W1 + 5.2. Search backward from each NSM to the first character in the isolating run sequence whose
      // bidirectional type is not BN, and set the NSM to ON if it is an isolate initiator or PDI, and to its
      // type otherwise. If the NSM is the first non-BN character, change the NSM to the type of sos.
      if (charTypeCounts[slot(TYPE_NSM)]) {
        for (let si = 0; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          if (charTypes[i]! & TYPE_NSM) {
            let prevType = sosType;
            for (let sj = si - 1; sj >= 0; sj--) {
              if (!(charTypes[seqIndices[sj]!]! & BN_LIKE_TYPES)) {
                //5.2 scan back to first non-BN
                prevType = charTypes[seqIndices[sj]!]!;
                break;
              }
            }
            changeCharType(i, prevType & (ISOLATE_INIT_TYPES | TYPE_PDI) ? TYPE_ON : prevType);
          }
        }
      }

      // W2. Search backward from each instance of a European number until the first strong type (R, L, AL, or sos)
      // is found. If an AL is found, change the type of the European number to Arabic number.
      // (linear) one forward pass, as W7: W2 changes no strong type
      if (charTypeCounts[slot(TYPE_EN)]) {
        let prevStrongType = sosType;
        for (let si = 0; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          const type = charTypes[i]!;
          if (type & TYPE_EN) {
            if (prevStrongType === TYPE_AL) changeCharType(i, TYPE_AN);
          } else if (type & STRONG_TYPES) {
            prevStrongType = type;
          }
        }
      }

      // W3. Change all ALs to R
      if (charTypeCounts[slot(TYPE_AL)]) {
        for (let si = 0; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          if (charTypes[i]! & TYPE_AL) changeCharType(i, TYPE_R);
        }
      }

      // W4. A single European separator between two European numbers changes to a European number. A single common
      // separator between two numbers of the same type changes to that type.
      if (charTypeCounts[slot(TYPE_ES)] || charTypeCounts[slot(TYPE_CS)]) {
        for (let si = 1; si < seqIndices.length - 1; si++) {
          const i = seqIndices[si]!;
          if (charTypes[i]! & (TYPE_ES | TYPE_CS)) {
            let prevType = 0;
            let nextType = 0;
            for (let sj = si - 1; sj >= 0; sj--) {
              prevType = charTypes[seqIndices[sj]!]!;
              if (!(prevType & BN_LIKE_TYPES)) break; //5.2
            }
            for (let sj = si + 1; sj < seqIndices.length; sj++) {
              nextType = charTypes[seqIndices[sj]!]!;
              if (!(nextType & BN_LIKE_TYPES)) break; //5.2
            }
            if (prevType === nextType && (charTypes[i] === TYPE_ES ? prevType === TYPE_EN : prevType & (TYPE_EN | TYPE_AN))) {
              changeCharType(i, prevType);
            }
          }
        }
      }

      // W5. A sequence of European terminators adjacent to European numbers changes to all European numbers.
      if (charTypeCounts[slot(TYPE_EN)]) {
        for (let si = 0; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          if (charTypes[i]! & TYPE_EN) {
            for (let sj = si - 1; sj >= 0 && charTypes[seqIndices[sj]!]! & (TYPE_ET | BN_LIKE_TYPES); sj--) {
              changeCharType(seqIndices[sj]!, TYPE_EN);
            }
            for (si++; si < seqIndices.length && charTypes[seqIndices[si]!]! & (TYPE_ET | BN_LIKE_TYPES | TYPE_EN); si++) {
              if (charTypes[seqIndices[si]!] !== TYPE_EN) changeCharType(seqIndices[si]!, TYPE_EN);
            }
          }
        }
      }

      // W6. Otherwise, separators and terminators change to Other Neutral.
      if (charTypeCounts[slot(TYPE_ET)] || charTypeCounts[slot(TYPE_ES)] || charTypeCounts[slot(TYPE_CS)]) {
        for (let si = 0; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          if (charTypes[i]! & (TYPE_ET | TYPE_ES | TYPE_CS)) {
            changeCharType(i, TYPE_ON);
            // 5.2 transform adjacent BNs too:
            for (let sj = si - 1; sj >= 0 && charTypes[seqIndices[sj]!]! & BN_LIKE_TYPES; sj--) changeCharType(seqIndices[sj]!, TYPE_ON);
            for (let sj = si + 1; sj < seqIndices.length && charTypes[seqIndices[sj]!]! & BN_LIKE_TYPES; sj++) changeCharType(seqIndices[sj]!, TYPE_ON);
          }
        }
      }

      // W7. Search backward from each instance of a European number until the first strong type (R, L, or sos)
      // is found. If an L is found, then change the type of the European number to L.
      // NOTE: implemented in single forward pass for efficiency
      if (charTypeCounts[slot(TYPE_EN)]) {
        for (let si = 0, prevStrongType = sosType; si < seqIndices.length; si++) {
          const i = seqIndices[si]!;
          const type = charTypes[i]!;
          if (type & TYPE_EN) {
            if (prevStrongType === TYPE_L) changeCharType(i, TYPE_L);
          } else if (type & STRONG_TYPES) {
            prevStrongType = type;
          }
        }
      }

      // === 3.3.5 Resolving Neutral and Isolate Formatting Types ===

      if (charTypeCounts[NEUTRAL_ISOLATE_SLOT]) {
        // N0. Process bracket pairs in an isolating run sequence sequentially in the logical order of the text
        // positions of the opening paired brackets using the logic given below. Within this scope, bidirectional
        // types EN and AN are treated as R.
        const R_TYPES_FOR_N_STEPS = TYPE_R | TYPE_EN | TYPE_AN;
        const STRONG_TYPES_FOR_N_STEPS = R_TYPES_FOR_N_STEPS | TYPE_L;

        // * Identify the bracket pairs in the current isolating run sequence according to BD16.
        const bracketPairs: [number, number][] = [];
        {
          const openerStack: { char: string; seqIndex: number }[] = [];
          for (let si = 0; si < seqIndices.length; si++) {
            // NOTE: for any potential bracket character we also test that it still carries a NI
            // type, as that may have been changed earlier. This doesn't seem to be explicitly
            // called out in the spec, but is required for passage of certain tests.
            // (sahifa) Every paired bracket has the class ON, and no rule before this one turns ON into
            // another NI type, so only ON is tested: spaces no longer go through two bracket lookups.
            if (charTypes[seqIndices[si]!]! & TYPE_ON) {
              const char = string[seqIndices[si]!]!;
              let oppositeBracket: string | null;
              // Opening bracket
              if (bidi.openingToClosingBracket(char) !== null) {
                if (openerStack.length < 63) {
                  openerStack.push({ char, seqIndex: si });
                } else {
                  break;
                }
              }
              // Closing bracket
              else if ((oppositeBracket = bidi.closingToOpeningBracket(char)) !== null) {
                for (let stackIdx = openerStack.length - 1; stackIdx >= 0; stackIdx--) {
                  const stackChar = openerStack[stackIdx]!.char;
                  if (
                    stackChar === oppositeBracket ||
                    stackChar === bidi.closingToOpeningBracket(bidi.getCanonicalBracket(char)!) ||
                    bidi.openingToClosingBracket(bidi.getCanonicalBracket(stackChar)!) === char
                  ) {
                    bracketPairs.push([openerStack[stackIdx]!.seqIndex, si]);
                    openerStack.length = stackIdx; //pop the matching bracket and all following
                    break;
                  }
                }
              }
            }
          }
          bracketPairs.sort((a, b) => a[0] - b[0]);
        }
        // * For each bracket-pair element in the list of pairs of text positions
        for (const [openSeqIdx, closeSeqIdx] of bracketPairs) {
          // a. Inspect the bidirectional types of the characters enclosed within the bracket pair.
          // b. If any strong type (either L or R) matching the embedding direction is found, set the type for both
          // brackets in the pair to match the embedding direction.
          let foundStrongType = false;
          let useStrongType = 0;
          for (let si = openSeqIdx + 1; si < closeSeqIdx; si++) {
            const i = seqIndices[si]!;
            if (charTypes[i]! & STRONG_TYPES_FOR_N_STEPS) {
              foundStrongType = true;
              const lr = charTypes[i]! & R_TYPES_FOR_N_STEPS ? TYPE_R : TYPE_L;
              if (lr === embedDirection) {
                useStrongType = lr;
                break;
              }
            }
          }
          // c. Otherwise, if there is a strong type it must be opposite the embedding direction. Therefore, test
          // for an established context with a preceding strong type by checking backwards before the opening paired
          // bracket until the first strong type (L, R, or sos) is found.
          //    1. If the preceding strong type is also opposite the embedding direction, context is established, so
          //    set the type for both brackets in the pair to that direction.
          //    2. Otherwise set the type for both brackets in the pair to the embedding direction.
          if (foundStrongType && !useStrongType) {
            useStrongType = sosType;
            for (let si = openSeqIdx - 1; si >= 0; si--) {
              const i = seqIndices[si]!;
              if (charTypes[i]! & STRONG_TYPES_FOR_N_STEPS) {
                const lr = charTypes[i]! & R_TYPES_FOR_N_STEPS ? TYPE_R : TYPE_L;
                useStrongType = lr !== embedDirection ? lr : embedDirection;
                break;
              }
            }
          }
          if (useStrongType) {
            charTypes[seqIndices[openSeqIdx]!] = charTypes[seqIndices[closeSeqIdx]!] = useStrongType;
            // * Any number of characters that had original bidirectional character type NSM prior to the application
            // of W1 that immediately follow a paired bracket which changed to L or R under N0 should change to match
            // the type of their preceding bracket.
            if (useStrongType !== embedDirection) {
              for (let si = openSeqIdx + 1; si < seqIndices.length; si++) {
                if (!(charTypes[seqIndices[si]!]! & BN_LIKE_TYPES)) {
                  if (typeOf(string[seqIndices[si]!]!) & TYPE_NSM) charTypes[seqIndices[si]!] = useStrongType;
                  break;
                }
              }
            }
            if (useStrongType !== embedDirection) {
              for (let si = closeSeqIdx + 1; si < seqIndices.length; si++) {
                if (!(charTypes[seqIndices[si]!]! & BN_LIKE_TYPES)) {
                  if (typeOf(string[seqIndices[si]!]!) & TYPE_NSM) charTypes[seqIndices[si]!] = useStrongType;
                  break;
                }
              }
            }
          }
        }

        // N1. A sequence of NIs takes the direction of the surrounding strong text if the text on both sides has the
        // same direction.
        // N2. Any remaining NIs take the embedding direction.
        for (let si = 0; si < seqIndices.length; si++) {
          if (charTypes[seqIndices[si]!]! & NEUTRAL_ISOLATE_TYPES) {
            let niRunStart = si;
            let niRunEnd = si;
            let prevType = sosType;
            for (let si2 = si - 1; si2 >= 0; si2--) {
              if (charTypes[seqIndices[si2]!]! & BN_LIKE_TYPES) {
                niRunStart = si2; //5.2 treat BNs adjacent to NIs as NIs
              } else {
                prevType = charTypes[seqIndices[si2]!]! & R_TYPES_FOR_N_STEPS ? TYPE_R : TYPE_L;
                break;
              }
            }
            let nextType = eosType;
            for (let si2 = si + 1; si2 < seqIndices.length; si2++) {
              if (charTypes[seqIndices[si2]!]! & (NEUTRAL_ISOLATE_TYPES | BN_LIKE_TYPES)) {
                niRunEnd = si2;
              } else {
                nextType = charTypes[seqIndices[si2]!]! & R_TYPES_FOR_N_STEPS ? TYPE_R : TYPE_L;
                break;
              }
            }
            for (let sj = niRunStart; sj <= niRunEnd; sj++) {
              charTypes[seqIndices[sj]!] = prevType === nextType ? prevType : embedDirection;
            }
            si = niRunEnd;
          }
        }
      }
    }

    // === 3.3.6 Resolving Implicit Levels ===

    for (let i = paragraph.start; i <= paragraph.end; i++) {
      const level = embedLevels[i]!;
      const type = charTypes[i]!;
      // I2. For all characters with an odd (right-to-left) embedding level, those of type L, EN or AN go up one level.
      if (level & 1) {
        if (type & (TYPE_L | TYPE_EN | TYPE_AN)) embedLevels[i]!++;
      }
      // I1. For all characters with an even (left-to-right) embedding level, those of type R go up one level
      // and those of type AN or EN go up two levels.
      else {
        if (type & TYPE_R) embedLevels[i]!++;
        else if (type & (TYPE_AN | TYPE_EN)) embedLevels[i]! += 2;
      }

      // 5.2: Resolve any LRE, RLE, LRO, RLO, PDF, or BN to the level of the preceding character if there is one,
      // and otherwise to the base level.
      if (type & BN_LIKE_TYPES) embedLevels[i] = i === 0 ? paragraph.level : embedLevels[i - 1]!;

      // 3.4 L1.1-4: Reset the embedding level of segment/paragraph separators, and any sequence of whitespace or
      // isolate formatting characters preceding them or the end of the paragraph, to the paragraph level.
      // NOTE: this will also need to be applied to each individual line ending after line wrapping occurs.
      // (linear) the run's part before `resetTo` has this level already when it was reset for the
      // same run and level (nothing else changes the levels of indices before `i` meanwhile)
      if (i === paragraph.end || typeOf(string[i]!) & (TYPE_S | TYPE_B)) {
        const from = trailingFrom[i]!;
        const start = from === resetFrom && resetLevel === paragraph.level ? resetTo + 1 : from;
        for (let j = start; j <= i; j++) embedLevels[j] = paragraph.level;
        if (from <= i) {
          resetFrom = from;
          resetTo = i;
          resetLevel = paragraph.level;
        }
      }
    }
  }

  // DONE! The resolved levels can then be used, after line wrapping, to flip runs of characters
  // according to section 3.4 Reordering Resolved Levels
  return { levels: embedLevels, paragraphs };

  function determineAutoEmbedLevel(start: number, isFSI: boolean): number {
    // 3.3.1 P2 - P3
    for (let i = start; i < string.length; i++) {
      const charType = charTypes[i]!;
      if (charType & (TYPE_R | TYPE_AL)) return 1;
      if (charType & (TYPE_B | TYPE_L) || (isFSI && charType === TYPE_PDI)) return 0;
      if (charType & ISOLATE_INIT_TYPES) {
        const pdi = matchingPDI[i]!;
        i = pdi === -1 ? string.length : pdi;
      }
    }
    return 0;
  }
}
