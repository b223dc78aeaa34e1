import type { PhrasingContent } from 'mdast';

// HTML's inter-element whitespace; NBSP and the ideographic space (U+3000) are text and stay.
const HTML_SPACE = /[ \t\n\r\f]+/g;

/** HTML whitespace rules for one block's inline content: collapse runs, move edge spaces out of markup, trim the block. */
export function tidy(nodes: PhrasingContent[]): PhrasingContent[] {
  const collapsed = hoistSpaces(nodes);
  let pending = false;
  let atStart = true;
  const out: PhrasingContent[] = [];
  const emitSpace = () => {
    if (pending && !atStart) out.push({ type: 'text', value: ' ' });
    pending = false;
  };
  for (const node of collapsed) {
    if (node.type === 'text') {
      const parts = collapse(node.value);
      if (parts.startsWith(' ')) pending = true;
      const core = parts.trim();
      if (core !== '') {
        emitSpace();
        out.push({ type: 'text', value: core });
        atStart = false;
      }
      if (parts.endsWith(' ') && core !== '') pending = true;
      continue;
    }
    if (node.type === 'break') {
      pending = false;
      out.push(node);
      atStart = true;
      continue;
    }
    emitSpace();
    out.push(node);
    atStart = false;
  }
  while (out[out.length - 1]?.type === 'break') out.pop();
  return mergeTexts(out);
}

/** Bottom-up: drop empty markup and move leading/trailing spaces out of it (`<b> x </b>` → ` **x** `). */
function hoistSpaces(nodes: readonly PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({ type: 'text', value: collapse(node.value) });
      continue;
    }
    if (node.type !== 'strong' && node.type !== 'emphasis' && node.type !== 'delete' && node.type !== 'link') {
      out.push(node);
      continue;
    }
    const inner = mergeTexts(hoistSpaces(node.children));
    const first = inner[0];
    const last = inner[inner.length - 1];
    let before = false;
    let after = false;
    if (first?.type === 'text' && first.value.startsWith(' ')) {
      first.value = first.value.trimStart();
      before = true;
    }
    if (last?.type === 'text' && last.value.endsWith(' ')) {
      last.value = last.value.trimEnd();
      after = true;
    }
    const children = inner.filter((c) => c.type !== 'text' || c.value !== '');
    if (before) out.push({ type: 'text', value: ' ' });
    if (children.length > 0) out.push({ ...node, children } as PhrasingContent);
    if (after) out.push({ type: 'text', value: ' ' });
  }
  return out;
}

/** Adjacent text nodes as one, whitespace collapsed; joined once per run, as a run can hold thousands of pieces. */
function mergeTexts(nodes: readonly PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push({ type: 'text', value: collapse(run.join('')) });
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      run.push(node.value);
    } else {
      flush();
      out.push(node);
    }
  }
  flush();
  return out;
}

/** Runs of HTML white space (space, tab, line breaks, form feed) as one space. */
export function collapse(text: string): string {
  return text.replace(HTML_SPACE, ' ');
}
