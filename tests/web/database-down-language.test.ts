import { afterEach, describe, expect, it, vi } from 'vitest';
import { DatabaseUnavailableError } from '../../src/core/errors.ts';
import { startReviewApp, type ReviewApp } from '../support/review-app.ts';

/**
 * The 503 page of a database that is down, met before the UI's i18n middleware ran (the session lookup, the reader
 * site), is in the reader's language: the reader's path locale, else the staff UI's detection (Accept-Language), never
 * simply the default language; and its title says that the database is unavailable, as the API's problem type does.
 */

let app: ReviewApp;
afterEach(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

/** The database goes away: looking a session up fails as the PostgreSQL store fails once its connections are gone. */
function takeDatabaseAway(): void {
  vi.spyOn(app.deps.auth, 'resolve').mockRejectedValue(
    new DatabaseUnavailableError('database-lost', 'postgres: connection terminated', { reason: 'database.lost' }),
  );
}

describe('when the database is down and a signed-in reader asks for a page', () => {
  it.each([
    ['/en/', 'ko', 'en', 'The database is unavailable', 'The connection to the database was lost.'],
    ['/ko/', 'en', 'ko', '데이터베이스를 사용할 수 없습니다', '데이터베이스 연결이 끊어졌습니다.'],
    ['/articles', 'en', 'en', 'The database is unavailable', 'The connection to the database was lost.'],
    ['/articles', 'ko', 'ko', '데이터베이스를 사용할 수 없습니다', '데이터베이스 연결이 끊어졌습니다.'],
  ])('then %s with Accept-Language %s answers 503 in %s, saying the database is unavailable', async (path, accept, lang, title, detail) => {
    app = await startReviewApp({ users: [{ name: 'ed', role: 'editor' }] });
    const ed = await app.loginAs('ed');
    takeDatabaseAway();
    const res = await ed.request('GET', path, { headers: { 'accept-language': accept, accept: 'text/html' } });
    const text = await res.text();
    expect(res.status).toBe(503);
    expect(text).toContain(`<html lang="${lang}">`);
    expect(text).toContain(title);
    expect(text).toContain(`<p class="message error">${detail}`);
  });
});
