export { HttpApiClient, type HttpApiClientConfig } from './http-api-client.ts';
