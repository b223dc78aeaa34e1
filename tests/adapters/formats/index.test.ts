import { describe, expect, it } from 'vitest';
import { FORMATS, formatForFile, HtmlFormat, MarkdownFormat, TextFormat } from '../../../src/adapters/formats/index.ts';
import { ValidationError } from '../../../src/core/errors.ts';
import { SOURCE_FORMATS } from '../../../src/core/model.ts';

describe('formatForFile', () => {
  it.each([
    ['article.md', MarkdownFormat],
    ['notes/ARTICLE.MARKDOWN', MarkdownFormat],
    ['page.html', HtmlFormat],
    ['page.HTM', HtmlFormat],
    ['plain.txt', TextFormat],
  ])('when the file is %s, then the matching format reads it', (file, format) => {
    expect(formatForFile(file)).toBe(format);
  });

  it.each([
    ['report.docx', '".docx" is not a supported format'],
    ['README', 'it has no file extension'],
    ['archive.md.zip', '".zip" is not a supported format'],
  ])('when the file is %s, then a ValidationError names it and the supported extensions', (file, reason) => {
    expect(() => formatForFile(file)).toThrow(ValidationError);
    expect(() => formatForFile(file)).toThrow(`import: cannot read ${file}: ${reason}; use one of .md, .markdown, .html, .htm, .txt`);
  });
});

describe('FORMATS', () => {
  it('when the registry is listed, then every source format has exactly one entry', () => {
    expect(FORMATS.map((f) => f.id).sort()).toEqual([...SOURCE_FORMATS].sort());
  });
});
