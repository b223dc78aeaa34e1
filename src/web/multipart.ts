import type { RequestHandler } from 'express';
import multer from 'multer';
import { ValidationError } from '../core/errors.ts';

/** Largest uploaded article; the same limit as `tandem import`. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * Parse `multipart/form-data` posts (the article upload form) into `req.body` and `req.file`, in memory. It runs
 * before the CSRF check so the form's `_csrf` field is read like any other; other content types pass through.
 * One file field named `file`, a handful of text fields.
 */
export function multipartForms(): RequestHandler {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: MAX_UPLOAD_BYTES, parts: 25 },
  }).single('file');
  return (req, res, next) => {
    upload(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') {
          return next(
            Object.assign(
              new Error(`upload: the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB; split the article or trim it`),
              { status: 413 },
            ),
          );
        }
        return next(new ValidationError(`upload: ${error.message} (${error.field ?? error.code}); send one file in the "file" field`));
      }
      next(error);
    });
  };
}
