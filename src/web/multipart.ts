import type { NextFunction, Request, RequestHandler } from 'express';
import multer, { type FileFilterCallback } from 'multer';
import { AppError, ValidationError } from '../core/errors.ts';

/** Largest uploaded article, file or pasted text; the same limit as `tandem import`. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Largest whole multipart request: one article plus the few small fields and part headers of the import form. */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

/** What busboy may read from one upload form; each limit is far above what the import form sends. */
export const UPLOAD_LIMITS = {
  fileSize: MAX_UPLOAD_BYTES,
  // The pasted article travels as a field of the same form.
  fieldSize: MAX_UPLOAD_BYTES,
  fieldNameSize: 100,
  files: 1,
  fields: 8,
  parts: 10,
  headerPairs: 20,
} as const;

/** How `uploadForm` reads a form. */
export interface UploadFormConfig {
  /** Largest file (and field), in bytes; MAX_UPLOAD_BYTES when absent. */
  readonly maxFileBytes?: number;
  /**
   * Let the handler show a size refusal on its form page: instead of passing it to the error middleware, the body
   * read so far (fields before the file) goes on, and `uploadedFile(req)` throws the refusal.
   */
  readonly inline?: boolean;
}

// Size refusals of inline forms, until their handler asks for the file.
const refusals = new WeakMap<Request, AppError>();

const MIB = 1024 * 1024;
const CONTROL_CHAR = /[\u0000-\u001F\u007F]/;

function tooLarge(what: string, limit: number): AppError {
  return new AppError('too-large', `upload: ${what} is larger than ${(limit / MIB).toFixed(2)} MiB; split the file or trim it`, {
    reason: 'upload.too-large',
    params: { max: `${(limit / MIB).toFixed(1)} MiB` },
  });
}

/** Refuse file names that are not a bare name: control characters (NUL above all), a path, `.` or `..`. */
function checkFileName(_req: Request, file: Express.Multer.File, accept: FileFilterCallback): void {
  const name = file.originalname;
  if (CONTROL_CHAR.test(name)) {
    accept(
      new ValidationError('upload: the file name contains a control character; rename the file and send it again', [], {
        reason: 'upload.bad-name',
      }),
    );
  } else if (/[\\/]/.test(name) || name === '.' || name === '..' || name.length > 255) {
    accept(
      new ValidationError(`upload: "${name.slice(0, 80)}" is not a plain file name; send the file itself, named like article.md`, [], {
        reason: 'upload.bad-name',
      }),
    );
  } else {
    accept(null, true);
  }
}

/** Every parser failure as the error table knows it: over a size limit 413, anything else malformed 400. */
function uploadError(error: unknown, maxFileBytes: number): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof multer.MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') return tooLarge('the file', maxFileBytes);
    if (error.code === 'LIMIT_FIELD_VALUE') return tooLarge(`the field "${(error.field ?? '').slice(0, 40)}"`, maxFileBytes);
    return new ValidationError(
      `upload: ${error.message} (${error.field?.slice(0, 40) ?? error.code}); send one file in the "file" field`,
      [],
      { cause: error, reason: 'upload.unreadable' },
    );
  }
  // busboy: no boundary, a truncated body, a malformed part header, a content type it does not read.
  const reason = error instanceof Error ? error.message.slice(0, 120) : 'unreadable';
  return new ValidationError(`upload: the form data could not be read (${reason}); send the form again`, [], {
    cause: error,
    reason: 'upload.unreadable',
  });
}

/**
 * Stream a `multipart/form-data` body (the article upload form: one file field `file`, a few text fields) into
 * `req.body` and `req.file`, in memory within UPLOAD_LIMITS. Only routes that take files use it, after their guard:
 * the caller, their role and the CSRF token (sent in the form action's query string or the `x-csrf-token` header)
 * are checked before a byte of the body is read. Other content types pass through unread.
 * Errors: AppError `length-required` (411) without a Content-Length, `too-large` (413) beyond
 * MAX_UPLOAD_REQUEST_BYTES or a part limit, ValidationError (400) for every malformed body or file name.
 * `maxFileBytes` raises or lowers the file and field limit for forms that take other files (a glossary CSV, a TMX
 * memory); the whole request may then be that plus 64 KiB. With `inline`, a size refusal reaches the handler instead
 * (see `uploadedFile`).
 */
export function uploadForm(options: UploadFormConfig = {}): RequestHandler {
  const maxFileBytes = options.maxFileBytes ?? MAX_UPLOAD_BYTES;
  const maxRequestBytes = maxFileBytes + (MAX_UPLOAD_REQUEST_BYTES - MAX_UPLOAD_BYTES);
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { ...UPLOAD_LIMITS, fileSize: maxFileBytes, fieldSize: maxFileBytes },
    // Keep the name as sent so a path in it is refused rather than silently cut; browsers send names in UTF-8.
    preservePath: true,
    defParamCharset: 'utf8',
    fileFilter: checkFileName,
  }).single('file');
  // An inline form gets its size refusal from `uploadedFile` in its handler, which shows it on the form page.
  const refuse = (req: Request, error: AppError, next: NextFunction) => {
    if (!options.inline || error.code !== 'too-large') return next(error);
    refusals.set(req, error);
    req.body ??= {};
    next();
  };
  return (req, res, next) => {
    if (!req.is('multipart')) return next();
    const length = req.get('content-length');
    // Browsers always send the length of a form; without it the total could only be found by reading it all.
    if (length === undefined) {
      return next(
        new AppError('length-required', 'upload: the request has no Content-Length; send the form from a browser', {
          reason: 'upload.no-length',
        }),
      );
    }
    // Refused unread: nothing of the body is parsed, so an inline form shows the refusal with what its URL carries.
    if (Number(length) > maxRequestBytes) return refuse(req, tooLarge('the form', maxRequestBytes), next);
    upload(req, res, (error?: unknown) => (error ? refuse(req, uploadError(error, maxFileBytes), next) : next()));
  };
}

/**
 * The uploaded file of a form read by `uploadForm({ inline: true })`, undefined when none was sent; throws the
 * form's size refusal (AppError `too-large`, 413) when it was over its limit, for the handler to show on the form page
 * with the fields read before the file (forms put the file input last, so browsers send it last).
 */
export function uploadedFile(req: Request): Express.Multer.File | undefined {
  const refusal = refusals.get(req);
  if (refusal) throw refusal;
  return req.file;
}
