// xliff (locize) ships no type declarations; these cover the four functions Tandem calls.
declare module 'xliff' {
  /**
   * An inline element as the library maps it: one key, the element type (`GenericSpan` is 1.2 `<g>`, `Span` is 2.0
   * `<pc>` or 1.2 `<ph>`, `Standalone` is `<x/>` or `<ph/>`…), holding the element's attributes and its `contents`.
   */
  export type XliffInline = {
    readonly [elementType: string]: { readonly id?: string; readonly contents?: XliffValue; readonly [attr: string]: unknown };
  };
  export type XliffValue = string | XliffInline | readonly (string | XliffInline)[];

  export interface XliffJsUnit {
    source?: XliffValue;
    target?: XliffValue;
    note?: string | readonly string[];
    additionalAttributes?: Record<string, string>;
    groupUnits?: Record<string, XliffJsUnit>;
  }

  export interface XliffJs {
    sourceLanguage?: string;
    targetLanguage?: string;
    resources: Record<string, Record<string, XliffJsUnit>>;
  }

  export function jsToXliff12(js: XliffJs, options?: { indent?: string }): Promise<string>;
  export function js2xliff(js: XliffJs, options?: { indent?: string }): Promise<string>;
  export function xliff12ToJs(xml: string, options?: { captureSpacesBetweenElements?: boolean }): Promise<XliffJs>;
  export function xliff2js(xml: string): Promise<XliffJs>;
}
