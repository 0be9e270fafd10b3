export * from './lib/error-codes';
export * from './lib/messages';
export * from './lib/parse-client-message';
export * from './lib/parse-server-message';
export * from './lib/api';
export * from './lib/compat-dialect';
export * from './lib/quality';
