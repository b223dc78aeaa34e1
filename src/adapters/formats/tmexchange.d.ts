// tmexchange ships no type declarations; these cover the two functions Tandem calls.
declare module 'tmexchange' {
  export interface TmxJs {
    resources: Record<string, unknown>;
    sourceLanguage?: string;
    administrationLanguage?: string;
    creationTool?: string;
    creationToolVersion?: string;
    version?: string;
    oTMF?: string;
    datatype?: string;
    segtype?: string;
    tuid?: boolean;
  }
  export function tmx2js(xml: string): Promise<TmxJs>;
  export function js2tmx(js: TmxJs, options?: { pretty?: boolean; indent?: string; newline?: string; headless?: boolean }): Promise<string>;
}
