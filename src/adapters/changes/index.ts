export { InProcessChangeFeed } from './in-process-change-feed.ts';
