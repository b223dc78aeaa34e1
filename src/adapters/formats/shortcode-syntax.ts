// Hugo shortcodes as a Markdown construct, so they never reach the tree as prose. A micromark text construct (rather
// than a pass over text nodes after parsing) because Markdown would otherwise read inside them: `caption="*a*"` would
// become emphasis and `src="a_b.jpg"` could lose characters to escapes, and the original bytes could not be restored.
import type { Parent, PhrasingContent } from 'mdast';
import type { CompileContext, Extension as FromMarkdownExtension, Token } from 'mdast-util-from-markdown';
import type { Handle, Options as ToMarkdownExtension } from 'mdast-util-to-markdown';
import type { Code, Effects, Extension as MicromarkExtension, State, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { MAX_SHORTCODE_LENGTH } from '../../core/shortcode.ts';

/** A shortcode tag kept exactly as written (`{{< figure src="a.jpg" >}}`). */
export interface ShortcodeNode {
  readonly type: 'shortcode';
  value: string;
}

/** A paired shortcode around translatable phrasing, built when a translation is written back (`<g1>…</g1>`). */
export interface ShortcodePairNode extends Parent {
  readonly type: 'shortcodePair';
  readonly open: string;
  readonly close: string;
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    shortcode: ShortcodeNode;
    shortcodePair: ShortcodePairNode;
  }
  interface RootContentMap {
    shortcode: ShortcodeNode;
    shortcodePair: ShortcodePairNode;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hugoShortcode: 'hugoShortcode';
  }
}

const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const PERCENT = 37;
const QUOTE = 34;
const BACKTICK = 96;
const BACKSLASH = 92;

// Mirrors shortcodeEnd in core/shortcode.ts, one character at a time as micromark requires.
function tokenizeShortcode(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let closer = 0;
  let quote = 0;
  let closers = 0;
  let length = 0;
  const consume = (code: Code, next: State): ReturnType<State> => {
    // Same cap as core: without it every unclosed `{{<` of a paragraph would rescan the rest of it.
    if (++length > MAX_SHORTCODE_LENGTH) return nok(code);
    effects.consume(code);
    return next;
  };
  const start: State = (code) => {
    effects.enter('hugoShortcode');
    return consume(code, second);
  };
  const second: State = (code) => (code === LEFT_BRACE ? consume(code, kind) : nok(code));
  const kind: State = (code) => {
    if (code !== LESS_THAN && code !== PERCENT) return nok(code);
    closer = code === LESS_THAN ? GREATER_THAN : PERCENT;
    return consume(code, inside);
  };
  const inside: State = (code) => {
    if (code === null) return nok(code);
    if (quote !== 0) {
      if (code === quote) quote = 0;
      return consume(code, quote === QUOTE && code === BACKSLASH ? escaped : inside);
    }
    if (code === QUOTE || code === BACKTICK) quote = code;
    if (code === closer) {
      closers = 0;
      return consume(code, closing);
    }
    return consume(code, inside);
  };
  const escaped: State = (code) => (code === null ? nok(code) : consume(code, inside));
  const closing: State = (code) => {
    if (code !== RIGHT_BRACE) return inside(code);
    closers += 1;
    if (++length > MAX_SHORTCODE_LENGTH) return nok(code);
    effects.consume(code);
    if (closers < 2) return closing;
    effects.exit('hugoShortcode');
    return ok;
  };
  return start;
}

const syntax: MicromarkExtension = {
  text: { [LEFT_BRACE]: { name: 'hugoShortcode', tokenize: tokenizeShortcode } },
};

const fromMarkdown: FromMarkdownExtension = {
  enter: {
    hugoShortcode(this: CompileContext, token: Token) {
      this.enter({ type: 'shortcode', value: '' }, token);
    },
  },
  exit: {
    hugoShortcode(this: CompileContext, token: Token) {
      const node = this.stack[this.stack.length - 1] as unknown as ShortcodeNode;
      node.value = this.sliceSerialize(token);
      this.exit(token);
    },
  },
};

const handleShortcode: Handle = (node: ShortcodeNode) => node.value;

const handlePair: Handle = (node: ShortcodePairNode, _parent, state, info) => {
  const tracker = state.createTracker(info);
  let value = tracker.move(node.open);
  value += state.containerPhrasing(node, { ...tracker.current(), before: '}', after: '{' });
  value += tracker.move(node.close);
  return value;
};

const toMarkdown: ToMarkdownExtension = {
  handlers: { shortcode: handleShortcode, shortcodePair: handlePair },
  // Text that merely looks like a shortcode (`\{{< x >}}` in the source) must not become one when re-read.
  unsafe: [{ character: '{', inConstruct: 'phrasing', after: '\\{[<%]' }],
};

/** unified plugin: parse and stringify Hugo shortcodes as `shortcode` nodes. */
export function remarkHugoShortcodes(this: Processor): void {
  const data = this.data() as Record<string, unknown[] | undefined>;
  (data.micromarkExtensions ??= []).push(syntax);
  (data.fromMarkdownExtensions ??= []).push(fromMarkdown);
  (data.toMarkdownExtensions ??= []).push(toMarkdown);
}
