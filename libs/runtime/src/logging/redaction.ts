/** The fields pino censors wherever a log call (the api's or the projector's) passes an object holding them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.idNumber',
  '*.name',
  '*.birthDate',
  '*.phone',
  '*.personal',
  '*.laborContract.fileName',
  '*.*.idNumber',
  '*.*.name',
  '*.*.birthDate',
  '*.*.phone',
];
