/** The read store the queries read and the projector writes (`createReadStore(config.readStore)`). */
export const READ_STORE = Symbol('READ_STORE');
/** The embedded Projector, or null when the projector runs as its own process (`PROJECTOR=external`). */
export const PROJECTOR = Symbol('PROJECTOR');
/** Every read model's projection, on the process's reference data. */
export const PROJECTIONS = Symbol('PROJECTIONS');
